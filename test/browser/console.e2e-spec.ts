import type { Browser, BrowserContext, Page } from 'playwright-core';
import { as, Signed, Staff, TEST_PASSWORD } from '../setup/staff';
import { Banshi, eventually, startBanshi } from '../setup/test-app';
import { axe, launchBrowser, screenshot, serious } from './browser';
import { consoleContext, signInPage } from './console-browser';

/**
 * A clerk's whole path in Chromium, JavaScript off: sign in, create a matter (adding rows without JavaScript), fail
 * validation, fail the submit check, fix, submit; the reviewer sees the side-by-side diff and returns it; the clerk
 * fixes it; the reviewer publishes; the public API shows it; the history shows every version; the audit
 * administrator verifies the chain. Screenshots land in docs/screenshots/console-*.png.
 */
describe('console: the clerk and the reviewer in a browser', () => {
  let banshi: Banshi;
  let staff: Staff;
  let editor: Signed;
  let reviewer: Signed;
  let browser: Browser;
  let clerk: BrowserContext;
  let checker: BrowserContext;
  const CODE = 'CS-A-0001';
  const shot = (page: Page, name: string) => screenshot(page, `console-${name}`);

  beforeAll(async () => {
    banshi = await startBanshi();
    staff = await Staff.bootstrap(banshi);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'CS-A', name: '北镇市测试局' }).expect(201);
    await as(banshi, staff.sysadmin)
      .post('/api/v1/admin/service-locations')
      .send({ code: 'CS-LOC-1', name: '市政务服务中心', level: '市政务服务中心', departmentCode: 'CS-A' })
      .expect(201);
    editor = await staff.create('zhang.wei', 'editor', ['CS-A']);
    reviewer = await staff.create('li.na', 'reviewer');
    browser = await launchBrowser();
    clerk = await consoleContext(browser, banshi.url);
    checker = await consoleContext(browser, banshi.url);
  });
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  it('a new account must change its one-time password before anything else', async () => {
    const created = await as(banshi, staff.sysadmin).post('/api/v1/admin/accounts').send({ login: 'wang.fang', displayName: '王芳' }).expect(201);
    const ctx = await consoleContext(browser, banshi.url);
    const page = await ctx.newPage();
    await signInPage(page, banshi, 'wang.fang', created.body.initialPassword);
    expect(new URL(page.url()).pathname).toBe('/admin/password');
    await page.goto(`${banshi.url}/admin`); // every other page sends them back
    expect(new URL(page.url()).pathname).toBe('/admin/password');
    await page.getByLabel('当前密码').fill(created.body.initialPassword);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '保存新密码' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('12');
    await shot(page, 'password-change');
    await page.getByLabel('当前密码').fill(created.body.initialPassword);
    await page.getByLabel('新密码', { exact: true }).fill('Wang-Fang-Passw0rd!');
    await page.getByLabel('再次输入新密码').fill('Wang-Fang-Passw0rd!');
    await page.getByRole('button', { name: '保存新密码' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin');
    // No role yet: the console says so instead of showing work.
    expect(await page.getByRole('status').textContent()).toContain('还没有分配角色');
    await ctx.close();
  });

  it('sign in, create, fail validation, fail the submit check, fix, submit; return; fix; publish; history', async () => {
    const page = await clerk.newPage();
    await signInPage(page, banshi, 'wrong.user', 'nope-nope-nope');
    expect(await page.getByRole('alert').textContent()).toContain('密码或动态口令错误');
    await shot(page, 'sign-in-error');
    await signInPage(page, banshi, editor.login, TEST_PASSWORD);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('我的工作');
    const cookies = await clerk.cookies();
    const session = cookies.find((c) => c.name === 'banshi_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin', secure: false });

    // New matter; "再加一项材料" submits the form and comes back with one more row, without JavaScript.
    await page.getByRole('link', { name: '新建事项' }).first().click();
    await page.getByLabel('事项编码（实施编码）').fill(CODE);
    await page.getByLabel('事项名称').fill('独生子女父母光荣证办理');
    await page.getByLabel('事项类型').selectOption('20');
    await page.getByLabel('材料名称').fill('居民身份证');
    await page.getByRole('button', { name: '再加一项材料' }).click();
    await expect(page.getByRole('group', { name: '材料 2' }).count()).resolves.toBe(1);
    expect(await page.getByLabel('事项名称').inputValue()).toBe('独生子女父母光荣证办理'); // nothing typed is lost
    await page.getByRole('group', { name: '材料 2' }).getByLabel('材料名称').fill('户口簿');
    await page.getByLabel('承诺办结时限（天）').fill('十天');
    await page.getByRole('button', { name: '保存草稿' }).click();
    // The same validation as the API, next to the field and in the summary.
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('承诺办结时限（天）');
    expect(await page.locator('#f-promisedLimit-value-error').textContent()).toContain('整数');
    await shot(page, 'editor-errors');
    await page.getByRole('link', { name: /承诺办结时限/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-promisedLimit-value');

    await page.getByLabel('承诺办结时限（天）').fill('10');
    await page.getByLabel('承诺时限单位').selectOption('工作日');
    await page.getByLabel('服务场所编码').fill('NO-SUCH-PLACE');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    // The completeness check (the same rules as the API and the import), field by field.
    expect(await page.getByRole('alert').textContent()).toContain('咨询电话');
    expect(await page.locator('#f-consult-phone-error').textContent()).toContain('咨询电话');
    await shot(page, 'submit-failed');

    await page.getByLabel('到办事现场次数').fill('0');
    await page.getByLabel('咨询电话').fill('0416-6600000');
    await page.getByLabel('监督投诉电话').fill('0416-12345');
    await page.getByLabel('服务场所编码').fill('CS-LOC-1');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    expect(await page.getByRole('status').textContent()).toContain('已提交审核');
    await page.goto(`${banshi.url}/admin`);
    await shot(page, 'my-work');

    // The reviewer: queue, side-by-side diff, return with a reason.
    const rp = await checker.newPage();
    await signInPage(rp, banshi, reviewer.login, TEST_PASSWORD);
    await rp.getByRole('link', { name: '待审核' }).first().click();
    await rp.getByRole('link', { name: '独生子女父母光荣证办理' }).click();
    const diff = rp.getByRole('table', { name: /逐字段对比/ });
    expect(await diff.textContent()).toContain('申请材料「户口簿」');
    await shot(rp, 'review');
    await rp.getByLabel('退回原因（编辑会看到）').fill('请补充咨询电话');
    await rp.getByRole('button', { name: '退回' }).click();
    expect(await rp.getByRole('status').textContent()).toContain('已退回');

    // The clerk sees why, fixes it, submits again.
    await page.goto(`${banshi.url}/admin`);
    const returned = page.getByRole('region', { name: /退回给我修改/ });
    expect(await returned.textContent()).toContain('请补充咨询电话');
    await returned.getByRole('link', { name: '独生子女父母光荣证办理' }).click();
    expect(await page.getByRole('status').filter({ hasText: '审核员退回' }).textContent()).toContain('请补充咨询电话');
    await page.getByLabel('咨询电话').fill('0416-6612345');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    expect(await page.getByRole('status').textContent()).toContain('已提交审核');

    // The reviewer publishes; the public API has it within a second.
    await rp.goto(`${banshi.url}/admin/matters/${CODE}/review`);
    expect(await rp.getByRole('table', { name: /逐字段对比/ }).textContent()).toContain('0416-6612345');
    await rp.getByRole('button', { name: '审核通过并发布' }).click();
    expect(await rp.getByRole('status').textContent()).toContain('已发布');
    const pub = await eventually(
      async () => {
        const r = await banshi.http().get(`/api/v1/matters/${CODE}`);
        return r.status === 200 ? r.body : undefined;
      },
      1000,
      'public within a second',
    );
    expect(pub.name).toBe('独生子女父母光荣证办理');

    // History: every version, a diff of any two.
    await page.goto(`${banshi.url}/admin/matters/${CODE}/history`);
    const versions = page.getByRole('table', { name: '每一个版本' });
    expect(await versions.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('从').selectOption({ index: 0 });
    await page.getByLabel('到').selectOption({ index: 0 });
    await page.getByRole('button', { name: '比较' }).click();
    expect(await page.getByText('两个版本没有差异。').count()).toBe(1);
    await shot(page, 'history');

    // Every step is in the audit trail, and the chain verifies.
    const audit = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ objectId: CODE, limit: 50 }).expect(200);
    const actions = audit.body.items.map((a: { action: string; actorLogin: string }) => `${a.action}:${a.actorLogin}`).reverse();
    expect(actions).toEqual([
      'matter.create:zhang.wei',
      'matter.update:zhang.wei',
      'matter.submit:zhang.wei',
      'matter.return:li.na',
      'matter.update:zhang.wei',
      'matter.submit:zhang.wei',
      'matter.publish:li.na',
    ]);
    const ap = await (await consoleContext(browser, banshi.url)).newPage();
    await signInPage(ap, banshi, 'auditor', TEST_PASSWORD);
    expect(new URL(ap.url()).pathname).toBe('/admin/audit');
    await ap.getByLabel('对象（编码或 ID）').fill(CODE);
    await ap.getByRole('button', { name: '查询' }).click();
    expect(await ap.getByRole('table').textContent()).toContain('matter.publish');
    await shot(ap, 'audit');
    await ap.getByRole('button', { name: '校验哈希链' }).click();
    expect(await ap.getByRole('status').textContent()).toContain('哈希链完整');
  });

  it('each console page type has no serious or critical axe violations', async () => {
    const ctx = await consoleContext(browser, banshi.url, { bypassCSP: true, js: true });
    const page = await ctx.newPage();
    const found: Record<string, string[]> = {};
    await page.goto(`${banshi.url}/admin/sign-in`);
    found['sign-in'] = serious(await axe(page));
    await signInPage(page, banshi, 'nobody', 'wrong');
    found['sign-in with errors'] = serious(await axe(page));
    await signInPage(page, banshi, editor.login, TEST_PASSWORD);
    for (const [name, path] of [
      ['my work', '/admin/work'],
      ['new matter', '/admin/matters/new'],
      ['editor', `/admin/matters/${CODE}`],
      ['history', `/admin/matters/${CODE}/history?from=1&to=2`],
      ['error page', '/admin/matters/NOPE-1'],
    ]) {
      await page.goto(`${banshi.url}${path}`);
      found[name] = serious(await axe(page));
    }
    await page.goto(`${banshi.url}/admin/matters/new`);
    await page.getByLabel('承诺办结时限（天）').fill('x');
    await page.getByRole('button', { name: '保存草稿' }).click();
    found['editor with errors'] = serious(await axe(page));
    const rp = await (await consoleContext(browser, banshi.url, { bypassCSP: true, js: true })).newPage();
    await signInPage(rp, banshi, reviewer.login, TEST_PASSWORD);
    await rp.goto(`${banshi.url}/admin/matters/${CODE}/review`);
    found.review = serious(await axe(rp));
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    await ctx.close();
  });
});
