import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { as, Signed, Staff, TEST_PASSWORD } from '../setup/staff';
import { Banshi, eventually, startBanshi } from '../setup/test-app';
import { axe, launchBrowser, screenshot, serious } from './browser';
import { consoleContext, signInPage } from './console-browser';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REFERENCE_SHEETS = ['部门', '服务场所'];

/** The workbook with the data rows of `drop` sheets blanked (the template's example rows are real rows). */
async function without(file: Buffer, drop: (name: string) => boolean, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  wb.eachSheet((sheet) => {
    if (!drop(sheet.name)) return;
    for (let n = 2; n <= sheet.rowCount; n++) sheet.getRow(n).eachCell((cell) => (cell.value = null));
  });
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Clicks a link or submit button and waits until the next page has loaded whole (big pages arrive in pieces). */
async function go(target: Locator): Promise<void> {
  await target.click();
  await target.page().waitForLoadState('load');
}

/** Sets a cell of row 2 of `sheet` by its header. */
function setCell(wb: ExcelJS.Workbook, sheet: string, header: RegExp, value: string) {
  const ws = wb.getWorksheet(sheet)!;
  const col = (ws.getRow(1).values as unknown[]).map(String).findIndex((h) => header.test(h));
  if (col < 1) throw new Error(`no column ${header} in ${sheet}`);
  ws.getRow(2).getCell(col).value = value;
}

/**
 * Console part A in Chromium, JavaScript off: the spreadsheet wizard (template download, a broken file reported
 * cell by cell, the fixed file checked and imported for review), batch publication of that import by the reviewer,
 * search tuning (a synonym added in the console changes the "try this query" preview; the preview stays out of the
 * reports), and the department answering a citizen's report. Screenshots: docs/screenshots/console-{import,batch,
 * search,feedback}-*.png.
 */
describe('console: import wizard, batch publish, search tuning, feedback', () => {
  let banshi: Banshi;
  let staff: Staff;
  let editor: Signed;
  let reviewer: Signed;
  let browser: Browser;
  let clerk: BrowserContext;
  let checker: BrowserContext;
  let editorPage: Page;
  let reviewerPage: Page;
  let departments: string[];
  let published: { code: string; name: string };
  const shot = (page: Page, name: string) => screenshot(page, `console-${name}`);
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  beforeAll(async () => {
    banshi = await startBanshi();
    staff = await Staff.bootstrap(banshi);
    // The system administrator imports the template's departments and places (reference data) through the API.
    const template = (
      await as(banshi, staff.sysadmin)
        .get('/api/v1/admin/import/template.xlsx')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
    const reference = await without(template, (name) => !REFERENCE_SHEETS.includes(name) && !['填写说明', '代码表'].includes(name));
    const imported = await as(banshi, staff.sysadmin).post('/api/v1/admin/import').set('content-type', XLSX).send(reference).expect(200);
    departments = (await banshi.sql<{ code: string }>(`SELECT code FROM departments`)).map((d) => d.code);
    expect(imported.body.counts.departments.created).toBe(departments.length);
    editor = await staff.create('zhao.lei', 'editor', departments);
    reviewer = await staff.create('sun.li', 'reviewer');
    browser = await launchBrowser();
    clerk = await consoleContext(browser, banshi.url);
    checker = await consoleContext(browser, banshi.url);
    editorPage = await clerk.newPage();
    await signInPage(editorPage, banshi, editor.login, TEST_PASSWORD);
    reviewerPage = await checker.newPage();
    await signInPage(reviewerPage, banshi, reviewer.login, TEST_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  it('import wizard: template, a broken file reported by sheet and cell, the fixed file checked, imported and submitted', async () => {
    const page = editorPage;
    await go(page.getByRole('link', { name: '批量导入' }).first());
    expect(await h1(page)).toBe('批量导入');
    await shot(page, 'import-wizard');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Excel 导入模板' }).click()]);
    expect(download.suggestedFilename()).toBe('办事事项导入模板.xlsx');
    const template = readFileSync((await download.path())!);
    const content = (name: string) => REFERENCE_SHEETS.includes(name);
    const good = await without(template, content);
    const broken = await without(template, content, (wb) => {
      setCell(wb, '事项', /^事项类型/, '不存在的类型');
      setCell(wb, '材料', /份数/, '两份');
    });
    const revisions = async () => Number((await banshi.sql<{ n: string }>(`SELECT count(*) AS n FROM revisions`))[0].n);
    const before = await revisions();

    // The broken file: refused with a report grouped by sheet — row, column, the cell's value and the reason.
    await page.getByLabel('文件（.xlsx、.csv 或 .json）').setInputFiles({ name: '事项-有错.xlsx', mimeType: XLSX, buffer: broken });
    await go(page.getByRole('button', { name: '上传' }));
    expect(await h1(page)).toBe('导入检查：文件有问题');
    expect(await page.getByRole('alert').textContent()).toContain('事项-有错.xlsx');
    const matters = page.getByRole('table', { name: /工作表“事项”/ });
    expect(await matters.textContent()).toContain('不存在的类型');
    const materials = page.getByRole('table', { name: /工作表“材料”/ });
    expect(await materials.getByRole('row', { name: /两份/ }).textContent()).toMatch(/整数/);
    await shot(page, 'import-report');
    expect(await revisions()).toBe(before);

    // Fixed: the dry run passes and changes nothing; then import for review.
    await page.getByLabel('文件（.xlsx、.csv 或 .json）').setInputFiles({ name: '事项.xlsx', mimeType: XLSX, buffer: good });
    await go(page.getByRole('button', { name: '上传' }));
    expect(await h1(page)).toBe('导入检查：没有发现问题');
    expect(await page.getByRole('table', { name: '导入后将会' }).textContent()).toContain('事项');
    expect(await revisions()).toBe(before);
    await shot(page, 'import-checked');
    await page.getByLabel('文件（.xlsx、.csv 或 .json）').setInputFiles({ name: '事项.xlsx', mimeType: XLSX, buffer: good });
    await page.getByLabel('导入并提交审核').check();
    await go(page.getByRole('button', { name: '上传' }));
    expect(await h1(page)).toBe('导入完成');
    const submitted = await banshi.sql<{ code: string; kind: string }>(`SELECT code, kind FROM revisions WHERE state = 'submitted' ORDER BY kind, code`);
    expect(submitted.length).toBeGreaterThan(1);
    expect(await page.getByRole('status').textContent()).toContain(`其中 ${submitted.length} 条已提交审核`);
    await shot(page, 'import-done');

    // The link opens the queue with this import's records (an editor sees them, without the reviewer's buttons).
    await go(page.getByRole('link', { name: '去待审核查看本次导入的记录' }));
    expect(
      await page
        .getByRole('table', { name: /待审核的记录/ })
        .getByRole('row')
        .count(),
    ).toBe(submitted.length + 1);
    expect(await page.getByRole('button', { name: '审核通过并发布所选' }).count()).toBe(0);
  });

  it('the reviewer publishes the records of one import in one step; a refusal changes nothing', async () => {
    const page = reviewerPage;
    const submitted = await banshi.sql<{ code: string; kind: string }>(`SELECT code, kind FROM revisions WHERE state = 'submitted'`);
    await go(page.getByRole('link', { name: '待审核' }).first());
    expect(await page.getByRole('checkbox').count()).toBe(submitted.length);
    await page.getByLabel('导入批次').selectOption({ index: 1 });
    await go(page.getByRole('button', { name: '筛选' }));
    const boxes = page.getByRole('checkbox');
    expect(await boxes.count()).toBe(submitted.length);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    await shot(page, 'batch-queue');

    // Return needs a reason: announced, linked to the field, nothing changed.
    await go(page.getByRole('button', { name: '退回所选' }));
    expect(await page.getByRole('alert').textContent()).toContain('退回原因');
    expect((await banshi.sql(`SELECT 1 FROM revisions WHERE state = 'submitted'`)).length).toBe(submitted.length);
    // The selection survives the refused attempt.
    for (const box of await page.getByRole('checkbox').all()) expect(await box.isChecked()).toBe(true);

    // Meanwhile the editor withdraws one of them: the whole batch is refused, naming it, and nothing is published.
    const bundle = submitted.find((s) => s.kind === 'bundles')!;
    const [open] = await banshi.sql<{ version: number }>(`SELECT version FROM revisions WHERE code = $1 AND state = 'submitted'`, [bundle.code]);
    await as(banshi, editor).post(`/api/v1/admin/bundles/${bundle.code}/withdraw`).set('if-match', String(open.version)).expect(200);
    await go(page.getByRole('button', { name: '审核通过并发布所选' }));
    const refusal = await page.getByRole('alert').textContent();
    expect(refusal).toContain(bundle.code);
    expect(refusal).toContain('整批未做任何修改');
    await shot(page, 'batch-refused');
    expect((await banshi.sql(`SELECT 1 FROM revisions WHERE state = 'published'`)).length).toBe(0);

    // The queue of the import now holds the others; publish them.
    await go(page.getByRole('link', { name: '全部选中' }));
    expect(await page.getByRole('checkbox').count()).toBe(submitted.length - 1);
    await go(page.getByRole('button', { name: '审核通过并发布所选' }));
    expect(await h1(page)).toBe('批量发布结果');
    expect(await page.getByRole('status').textContent()).toContain(`已发布 ${submitted.length - 1} 项`);
    await shot(page, 'batch-result');
    expect((await banshi.sql(`SELECT 1 FROM revisions WHERE state = 'submitted'`)).length).toBe(0);
    const matter = submitted.find((s) => s.kind === 'matters')!;
    const res = await banshi.http().get(`/api/v1/matters/${matter.code}`).expect(200);
    published = { code: matter.code, name: res.body.name };
    const audit = await banshi.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action LIKE '%.publish' AND actor_login = $1`, [reviewer.login]);
    expect(Number(audit[0].n)).toBe(submitted.length - 1);
  });

  it('search tuning: a synonym added in the console changes what citizens get in the preview; previews stay out of the reports', async () => {
    const page = reviewerPage;
    const term = '药罐子卡';
    const firstHit = async () => {
      await page.goto(`${banshi.url}/admin/search?q=${encodeURIComponent(term)}`);
      return (await page.locator('.preview-hits li').allTextContents())[0] ?? '';
    };
    await eventually(async () => (await banshi.http().get(`/api/v1/matters?limit=1`)).body.total > 0, 30_000, 'published');
    await eventually(
      async () =>
        ((await banshi.http().get('/api/v1/search').query({ q: published.name })).body.hits as { code: string }[]).some((h) => h.code === published.code),
      30_000,
      'indexed',
    );
    expect(await firstHit()).not.toContain(published.name);
    await go(page.getByRole('link', { name: '同义词', exact: true }));
    // The API's validation, next to the field.
    await page.getByLabel('词语（群众的说法）').fill(term);
    await go(page.getByRole('button', { name: '添加' }));
    expect(await page.getByRole('alert').textContent()).toContain('可以理解为');
    await page.getByLabel('可以理解为').fill(published.name);
    await go(page.getByRole('button', { name: '添加' }));
    expect(await page.getByRole('status').textContent()).toContain('同义词已添加');
    await page.getByRole('button', { name: `删除同义词“${term}”` }).waitFor();
    await page.getByLabel('查找词语或说法').fill('药罐子');
    await go(page.getByRole('button', { name: '查找' }));
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);
    await shot(page, 'search-synonyms');
    await eventually(async () => (await firstHit()).includes(published.name), 30_000, 'synonym in the preview');
    await shot(page, 'search-preview');

    // A citizen's search that finds nothing is reported; the reviewer's previews are not.
    await banshi.http().get('/api/v1/search').query({ q: 'qqqzzzxxx' }).expect(200);
    await page.goto(`${banshi.url}/admin/search?q=wwwyyyvvv`);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('0 个结果');
    await go(page.getByRole('link', { name: '没有结果的搜索' }));
    const report = await page.getByRole('main').textContent();
    expect(report).toContain('qqqzzzxxx');
    expect(report).not.toContain('wwwyyyvvv');
    await shot(page, 'search-zero');

    // A best bet with dates, then removed.
    await go(page.getByRole('link', { name: '置顶', exact: true }));
    await page.getByLabel('搜索词').fill('办证');
    await page.getByLabel('置顶的事项编码').fill(published.code);
    await page.getByLabel('开始日期（可选）').fill('2026-12-31');
    await page.getByLabel('结束日期（可选）').fill('2026-01-01');
    await go(page.getByRole('button', { name: '添加' }));
    expect(await page.getByRole('alert').textContent()).toContain('结束日期不能早于开始日期');
    await page.getByLabel('开始日期（可选）').fill('2026-01-01');
    await page.getByLabel('结束日期（可选）').fill('2099-12-31');
    await go(page.getByRole('button', { name: '添加' }));
    expect(await page.getByRole('table').textContent()).toContain('生效中');
    await shot(page, 'search-best-bets');
    // …and the preview shows what citizens now get first for that query.
    await go(page.getByRole('link', { name: '办证', exact: true }));
    const [first] = await page.locator('.preview-hits li').allTextContents();
    expect(first).toContain(published.name);
    expect(first).toContain('置顶');

    // Removing the synonym takes it out of the preview again.
    await go(page.getByRole('link', { name: '同义词', exact: true }));
    await go(page.getByRole('button', { name: `删除同义词“${term}”` }));
    expect(await page.getByRole('status').textContent()).toContain('同义词已删除');
    await eventually(async () => !(await firstHit()).includes(published.name), 30_000, 'synonym gone from the preview');
  });

  it("the department answers a citizen's report; the reviewer reads it without an answer form", async () => {
    await banshi
      .http()
      .post('/api/v1/feedback')
      .send({ matterCode: published.code, kind: 'report', problem: 'extra_materials', comment: '窗口要求提供户口簿复印件', phone: '13800000000' })
      .expect(201);
    const page = editorPage;
    await page.goto(`${banshi.url}/admin/work`);
    await go(page.getByRole('link', { name: '新反馈 1 条' }));
    expect(await page.getByRole('table').textContent()).toContain('窗口要求提供户口簿复印件');
    await shot(page, 'feedback-list');
    await go(page.getByRole('link', { name: /^查看并处理/ }));
    await page.getByLabel('新的状态').selectOption('answered');
    await go(page.getByRole('button', { name: '保存' }));
    expect(await page.getByRole('alert').textContent()).toContain('答复');
    expect(await page.locator('#f-answer-error').textContent()).toContain('不能为空');
    await page.getByLabel('答复', { exact: true }).fill('已核实：户口簿复印件不需要提供，已提醒窗口，并电话告知群众。');
    await go(page.getByRole('button', { name: '保存' }));
    expect(await page.getByRole('status').textContent()).toContain('已答复');
    await shot(page, 'feedback-answered');
    const [row] = await banshi.sql<{ status: string; answer: string }>(`SELECT status, answer FROM feedback`);
    expect(row).toEqual({ status: 'answered', answer: '已核实：户口簿复印件不需要提供，已提醒窗口，并电话告知群众。' });
    const audit = await banshi.sql(`SELECT 1 FROM audit_log WHERE action = 'feedback.update' AND actor_login = $1`, [editor.login]);
    expect(audit.length).toBe(1);

    await reviewerPage.goto(`${banshi.url}/admin/feedback?status=answered`);
    await go(reviewerPage.getByRole('link', { name: /^查看/ }));
    expect(await reviewerPage.getByRole('main').textContent()).toContain('答复由事项所属部门');
    expect(await reviewerPage.getByRole('button', { name: '保存' }).count()).toBe(0);
  });

  it('each role gets only its pages; the upload form needs its CSRF token; pages pass axe', async () => {
    const status = async (page: Page, path: string) => (await page.goto(`${banshi.url}${path}`))!.status();
    expect(await status(editorPage, '/admin/search')).toBe(403);
    expect(await status(editorPage, '/admin/search/synonyms')).toBe(403);
    expect(await status(reviewerPage, '/admin/import')).toBe(403);
    const auditorPage = await (await consoleContext(browser, banshi.url)).newPage();
    await signInPage(auditorPage, banshi, 'auditor', TEST_PASSWORD);
    for (const path of ['/admin/import', '/admin/search', '/admin/feedback', '/admin/review'])
      expect([path, await status(auditorPage, path)]).toEqual([path, 403]);

    // A multipart post without the session's token changes nothing; other console forms refuse multipart at all.
    const cookie = (await clerk.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const before = (await banshi.sql(`SELECT 1 FROM audit_log WHERE action = 'catalogue.import'`)).length;
    const forged = await banshi
      .http()
      .post('/admin/import')
      .set('cookie', cookie)
      .field('mode', 'draft')
      .attach('file', Buffer.from('code,name,departmentCode,matterType\r\nX-1,伪造,D,01\r\n'), 'x.csv');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('CSRF');
    expect((await banshi.sql(`SELECT 1 FROM audit_log WHERE action = 'catalogue.import'`)).length).toBe(before);
    const multipart = await banshi.http().post('/admin/matters/new').set('cookie', cookie).field('_csrf', 'x').attach('file', Buffer.from('x'), 'x.txt');
    expect(multipart.status).toBe(415);

    const found: Record<string, string[]> = {};
    const run = async (login: string, paths: string[]) => {
      const page = await (await consoleContext(browser, banshi.url, { bypassCSP: true, js: true })).newPage();
      await signInPage(page, banshi, login, TEST_PASSWORD);
      for (const path of paths) {
        await page.goto(`${banshi.url}${path}`);
        found[`${login} ${path}`] = serious(await axe(page));
      }
      return page;
    };
    const ep = await run(editor.login, ['/admin/import', '/admin/feedback', '/admin/work']);
    await ep.goto(`${banshi.url}/admin/import`);
    await go(ep.getByRole('button', { name: '上传' })); // no file: the wizard again, the error at the field
    expect(await ep.getByRole('alert').textContent()).toContain('请选择要导入的文件');
    found['import without a file'] = serious(await axe(ep));
    const feedbackId = (await banshi.sql<{ id: string }>(`SELECT id FROM feedback`))[0].id;
    await run(reviewer.login, [
      '/admin/review',
      '/admin/search',
      `/admin/search?q=${encodeURIComponent(published.name)}`,
      '/admin/search/synonyms',
      '/admin/search/best-bets',
      '/admin/search/reports?kind=zero',
      '/admin/search/reports?kind=low-click',
      `/admin/feedback/${feedbackId}`,
    ]);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
});
