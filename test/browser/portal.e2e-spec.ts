import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildBeizhenDemo } from '../../seeds/beizhen';
import { Banshi, eventually, startBanshi } from '../setup/test-app';
import { axe, DESKTOP, launchBrowser, newContext, PHONE, screenshot, serious } from './browser';

/**
 * The citizen portal in a real browser (Debian Chromium), on the demo data: as a citizen would use it on a phone and
 * a desktop, with and without JavaScript, in 长辈版, on paper; axe-core on every page type; hostile input.
 */
describe('citizen portal in a browser', () => {
  let banshi: Banshi;
  let browser: Browser;
  const demo = buildBeizhenDemo();
  const ID_CARD = demo.matters.find((m) => m.name === '居民身份证申领')!;
  const LARGEST = '11210782012443650Y4000505009000'; // 最低生活保障审核确认, the largest demo record
  const guide = demo.guides.find((g) => g.list === 'prohibited')!;
  const bundle = demo.bundles[0];
  const township = demo.locations.find((l) => l.level === '乡镇(街道)便民服务中心')!;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-portal-'));
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo));
    [banshi, browser] = await Promise.all([startBanshi(), launchBrowser()]);
    const r = banshi.cli('import', [join(dir, 'demo.json')]);
    expect(r.status).toBe(0);
    // Ready = the index is complete (until then search answers from Postgres, and type-ahead has nothing to offer).
    await eventually(async () => (await banshi.http().get('/health/ready')).status === 200, 180_000, 'the index');
  });
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  const open = async (options = DESKTOP): Promise<{ ctx: BrowserContext; page: Page }> => {
    const ctx = await newContext(browser, banshi.url, options);
    return { ctx, page: await ctx.newPage() };
  };

  it('phone: a colloquial search, a filter, the matter page — and the CSP lets the page script run (type-ahead)', async () => {
    const { ctx, page } = await open(PHONE);
    const cspErrors: string[] = [];
    page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && cspErrors.push(m.text()));
    await page.goto('/');
    await screenshot(page, 'home-phone');
    const box = page.getByRole('searchbox', { name: '搜索办事事项' });
    await box.fill('办身份证');
    // type-ahead (portal.js, from /api/v1/search/suggest)
    await expect(page.getByRole('list', { name: '搜索建议' }).getByRole('link').first().textContent()).resolves.toContain('身份证');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('办身份证');
    await screenshot(page, 'search-phone');
    // filters apply on change (portal.js): pick the department
    await page.getByLabel('部门').selectOption(ID_CARD.departmentCode!);
    await page.waitForURL(/department=BZ-11210782006622863R/);
    expect(await page.getByRole('status').first().textContent()).toMatch(/已筛选/);
    await page.getByRole('link', { name: ID_CARD.name, exact: true }).first().click();
    await page.waitForURL(`**/matters/${ID_CARD.code}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(ID_CARD.name);
    expect(await page.getByRole('heading', { name: '要带的材料' }).isVisible()).toBe(true);
    await screenshot(page, 'matter-phone');
    expect(cspErrors).toEqual([]);
    await ctx.close();
  });

  it('desktop: home, results with highlights and facets, the matter guide, department, guide entry, bundle, place, theme', async () => {
    const { ctx, page } = await open(DESKTOP);
    await page.goto('/');
    await screenshot(page, 'home-desktop');
    await page.goto('/search?q=%E5%BC%80%E9%A5%AD%E5%BA%97'); // 开饭店
    expect(await page.locator('.result mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'search-desktop');
    await page.goto(`/matters/${ID_CARD.code}`);
    for (const h of ['谁可以办、需要什么条件', '要带的材料', '收费', '办理流程', '去哪里办', '咨询和投诉', '评价和反映问题']) {
      expect(await page.getByRole('heading', { name: h, exact: true }).count()).toBe(1);
    }
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(`${banshi.url}/matters/${ID_CARD.code}`);
    expect(await page.locator('meta[name=description]').getAttribute('content')).toContain(ID_CARD.name);
    await screenshot(page, 'matter-desktop');
    await page.goto(`/departments/${ID_CARD.departmentCode}`);
    for (const list of ['权力事项清单', '合规办事业务指南', '违规禁办事项清单', '容缺办理事项清单']) {
      expect(await page.getByRole('heading', { name: new RegExp(`^${list}`) }).count()).toBe(1);
    }
    await screenshot(page, 'department-desktop');
    await page.goto(`/guides/${guide.code}`);
    expect(await page.getByRole('heading', { name: '禁止的行为' }).count()).toBe(1);
    await page.goto(`/bundles/${bundle.code}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(bundle.name);
    await page.goto(`/locations/${township.code}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(township.name);
    await page.goto('/themes/personal-010');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('户籍办理');
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await page.goto('/guides');
    await screenshot(page, 'guides-desktop');
    await ctx.close();
  });

  it('without JavaScript: search, filter with the button, open a matter, rate it (errors first), report a problem', async () => {
    const { ctx, page } = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto('/');
    await page.getByRole('searchbox', { name: '搜索办事事项' }).fill('社保卡丢了');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.waitForURL(/\/search\?q=/);
    await page.getByLabel('网上办').selectOption('true');
    await page.getByRole('button', { name: '应用筛选' }).click();
    await page.waitForURL(/online=true/);
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await page.goto(`/matters/${ID_CARD.code}`);
    // rating without a choice: the page comes back (400) with an error summary linked to the field
    const rate = page.locator('form', { has: page.getByRole('heading', { name: '好差评' }) });
    const bad = page.waitForResponse((r) => r.url().endsWith('/feedback'));
    await rate.getByRole('button', { name: '提交评价' }).click();
    expect((await bad).status()).toBe(400);
    const summary = page.locator('.error-summary');
    expect(await summary.getByRole('link').first().textContent()).toBe('请选择满意程度');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#rating-rating');
    // the answer opens at the feedback section (form action …#feedback), where the summary is
    expect(await summary.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：/);
    await screenshot(page, 'feedback-error-phone', 0);
    await page
      .locator('form', { has: page.getByRole('heading', { name: '好差评' }) })
      .getByLabel('满意', { exact: true })
      .check();
    await page
      .locator('form', { has: page.getByRole('heading', { name: '好差评' }) })
      .getByLabel('想说的话')
      .fill('窗口很快，一次办好');
    await page
      .locator('form', { has: page.getByRole('heading', { name: '好差评' }) })
      .getByRole('button', { name: '提交评价' })
      .click();
    await page.waitForURL(/\/feedback\/[2-9A-HJKMNP-Z]{12}\?sent=1#main$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('评价已提交');
    // a report with a phone number to be called back
    await page.goto(`/matters/${ID_CARD.code}`);
    const report = page.locator('form', { has: page.getByRole('heading', { name: '反映问题' }) });
    await report.getByLabel('要求提供指南没有列出的材料').check();
    await report.getByLabel('具体情况').fill('窗口要求提供无犯罪记录证明');
    await report.getByLabel(/联系电话/).fill('13800138000');
    await report.getByRole('button', { name: '提交问题' }).click();
    await page.waitForURL(/\/feedback\/[2-9A-HJKMNP-Z]{12}\?sent=1#main$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('问题已提交');
    const rows = await banshi.sql<{ kind: string; rating: number | null; problem: string | null; comment: string; phone: string | null; days: number | null }>(
      `SELECT kind, rating, problem, comment, phone, round(extract(epoch from phone_erase_after - created_at) / 86400)::int AS days FROM feedback ORDER BY created_at`,
    );
    expect(rows).toEqual([
      { kind: 'rating', rating: 4, problem: null, comment: '窗口很快，一次办好', phone: null, days: null },
      { kind: 'report', rating: null, problem: 'extra_materials', comment: '窗口要求提供无犯罪记录证明', phone: '13800138000', days: 180 },
    ]);
    await ctx.close();
  });

  it('长辈版: one switch, kept in a cookie and applied by the server — larger text, same page', async () => {
    const { ctx, page } = await open(PHONE);
    await page.goto(`/matters/${ID_CARD.code}`);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize));
    const before = await size();
    await page.getByRole('button', { name: '长辈版（大字）' }).click();
    await page.waitForURL(`**/matters/${ID_CARD.code}`);
    expect(await page.locator('html').getAttribute('class')).toContain('elder');
    expect(await size()).toBeGreaterThanOrEqual(before * 1.2);
    const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize));
    expect(lineHeight).toBeGreaterThanOrEqual(1.5);
    // every button and text input is at least 44 px high
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, input[type=text], input[type=tel], input[type=search], select')]
        .filter((e) => (e as HTMLElement).offsetParent !== null && e.getBoundingClientRect().height < 44)
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    await screenshot(page, 'matter-elder-phone');
    // the server applies it on the next page too (no script involved)
    const html = await (await ctx.request.get('/')).text();
    expect(html).toMatch(/<html lang="zh-CN" class="elder">/);
    await page.getByRole('button', { name: '切换到标准版' }).click();
    await page.waitForURL(`**/matters/${ID_CARD.code}`);
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    await ctx.close();
  });

  it('一次性告知单: prints on A4 with a server-made SVG QR code that opens the matter page', async () => {
    const { ctx, page } = await open(DESKTOP);
    await page.goto(`/matters/${ID_CARD.code}/print`);
    const qr = page.locator('.qr svg');
    expect(await qr.count()).toBe(1);
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /二维码/ }).getAttribute('aria-label')).toContain(`/matters/${ID_CARD.code}`);
    for (const h of ['一、要带的材料', '二、去哪里办', '三、多久办完、跑几次、收不收费', '四、找谁']) {
      expect(await page.getByRole('heading', { name: h }).count()).toBe(1);
    }
    await screenshot(page, 'print-desktop');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    // the header, navigation and forms are not printed
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    writeFileSync(join(__dirname, '..', '..', 'docs', 'screenshots', 'print.pdf'), pdf);
    await ctx.close();
  });

  it('axe-core: no serious or critical violations on any page type, standard and 长辈版, phone and desktop', async () => {
    const paths = [
      '/',
      '/search?q=%E5%8A%9E%E8%BA%AB%E4%BB%BD%E8%AF%81',
      '/search?q=zzzzqqqxx',
      `/matters/${ID_CARD.code}`,
      `/matters/${LARGEST}`,
      `/matters/${ID_CARD.code}/print`,
      '/feedback',
      `/departments/${ID_CARD.departmentCode}`,
      `/guides/${guide.code}`,
      '/guides?list=deferrable',
      `/bundles/${bundle.code}`,
      `/locations/${township.code}`,
      '/themes/corporate-010',
      '/no-such-page',
      '/search?type=77',
    ];
    const problems: string[] = [];
    for (const [options, elder] of [
      [PHONE, false],
      [DESKTOP, true],
    ] as const) {
      const ctx = await newContext(browser, banshi.url, { ...options, bypassCSP: true });
      if (elder) await ctx.addCookies([{ name: 'elder', value: '1', url: banshi.url }]);
      const page = await ctx.newPage();
      for (const path of paths) {
        await page.goto(path);
        problems.push(...serious(await axe(page)).map((p) => `${elder ? '长辈版 ' : ''}${path}: ${p}`));
      }
      await ctx.close();
    }
    expect(problems).toEqual([]);
  });

  it("a name many villages carry (高龄津贴申请代办) is one result saying where it can be done, with a no-JS way to pick one's own village", async () => {
    const NAME = '高龄津贴申请代办';
    const units = demo.guides.filter((g) => g.title === NAME).map((g) => demo.departments.find((d) => d.code === g.departmentCode)!);
    expect(units.length).toBeGreaterThan(1);
    const { ctx, page } = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`/search?q=${encodeURIComponent(NAME)}`);
    // one row for the name, not one per village, and the count said once in words
    expect(await page.locator('.result h3', { hasText: NAME }).count()).toBe(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text.split(`在 ${units.length} 个村/社区可办`).length - 1).toBe(1);
    const hit = page.locator('.result', { hasText: `在 ${units.length} 个村/社区可办` });
    expect(await hit.locator('details a').first().isVisible()).toBe(false); // the villages stay behind a closed list
    await hit.locator('summary', { hasText: '选择您所在的村/社区' }).click();
    const links = hit.locator('details a');
    expect(await links.count()).toBe(units.length);
    // pick a village that is not the one shown: the search repeated in that unit (a plain GET link) shows its own entry
    const shown = (await hit.locator('.meta').textContent()) ?? '';
    const own = units.find((u) => !shown.includes(u.name))!;
    await hit.getByRole('link', { name: `${own.name}：${NAME}` }).click();
    await page.waitForURL(new RegExp(`department=${own.code}`));
    expect(await page.locator('.result h3', { hasText: NAME }).count()).toBe(1);
    expect(await page.locator('.result .meta', { hasText: own.name }).count()).toBe(1);
    expect(await page.content()).not.toContain('个村/社区可办');
    // with a position the page says the shown one is the nearest
    await page.goto(`/search?q=${encodeURIComponent(NAME)}&near=41.59,121.80`);
    const nearest = page.locator('.result').filter({ has: page.locator('h3', { hasText: NAME }) });
    expect(await nearest.count()).toBe(1);
    expect(await nearest.locator('.same-name', { hasText: '离您最近的' }).count()).toBe(1);
    await screenshot(page, 'same-name-phone');
    await ctx.close();
  });

  it('an empty search is honest: "没有找到" with suggestions and the centre\'s phone and address', async () => {
    const { ctx, page } = await open(PHONE);
    await page.goto('/search?q=%E8%BA%AB%E5%88%86%E8%AF%81%E7%81%AB%E6%98%9F%E5%8A%9E%E7%90%86xyz'); // 身分证火星办理xyz
    const html = await page.content();
    if ((await page.locator('.result').count()) === 0) {
      expect(html).toContain('没有找到');
      expect(html).toContain('0416-');
      expect(html).toContain('12345');
    }
    await page.goto('/search?q=qqqqzzzzxxxx');
    expect(await page.locator('.result').count()).toBe(0);
    expect(await page.getByRole('heading', { name: /没有找到/ }).count()).toBe(1);
    expect(await page.content()).toContain('北镇市政务服务中心');
    await screenshot(page, 'not-found-phone', 1600);
    await ctx.close();
  });

  it('hostile input in URLs and forms gets an HTML error page with the right status, never a 500 or a stack', async () => {
    const cases: [string, number][] = [
      ['/matters/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404],
      ['/matters/NO-SUCH-MATTER', 404],
      ['/matters/' + 'A'.repeat(5000), 404],
      ['/departments/%00', 404],
      ['/guides/..%2F..%2Fetc%2Fpasswd', 404],
      ['/themes/personal-777', 404],
      ['/themes/%E2%80%AE', 404],
      ['/search?q=' + '%E5%8A%9E'.repeat(200), 400],
      ['/search?page=999999999999999999999', 400],
      ['/search?limit=100000', 400],
      ['/search?type[]=01&type[]=02', 400],
      ['/search?q=x&evil=1', 400],
      ['/search?q=%ED%A0%80', 200], // not UTF-8: decoded as U+FFFD, an ordinary query
      ['/guides?list=evil', 400],
      ['/guides?page=-1', 400],
      ['/search?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 200],
    ];
    for (const [path, status] of cases) {
      const res = await banshi.http().get(path);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).not.toMatch(/<img src=x|at [\w.]+ \(|node_modules|QueryFailedError|\bSELECT\b/);
    }
    const post = (body: Record<string, string>) => banshi.http().post(`/matters/${ID_CARD.code}/feedback`).type('form').send(body);
    for (const [body, status] of [
      [{ kind: 'evil' }, 400],
      [{ kind: 'rating', rating: '6' }, 400],
      [{ kind: 'rating', rating: '5', comment: '长'.repeat(501) }, 400],
      [{ kind: 'rating', rating: '5', phone: "'; DROP TABLE feedback; --" }, 400],
      [{ kind: 'report', problem: '__proto__' }, 400],
      [{ kind: 'report', problem: 'fee', comment: 'a\u0000b' }, 400],
    ] as [Record<string, string>, number][]) {
      const res = await post(body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    const huge = await banshi
      .http()
      .post(`/matters/${ID_CARD.code}/feedback`)
      .type('form')
      .send(`kind=rating&rating=5&comment=${'x'.repeat(100_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^text\/html/);
    await banshi.http().post('/matters/NO-SUCH/feedback').type('form').send({ kind: 'rating', rating: '5' }).expect(404);
    // the hostile posts stored nothing
    expect((await banshi.sql(`SELECT id FROM feedback WHERE comment LIKE '%长长长长长%' OR phone LIKE '%DROP%'`)).length).toBe(0);
    // the 长辈版 switch never redirects off-site
    const elder = await banshi.http().post('/elder').type('form').send({ on: '1', back: '//evil.example/x' }).expect(303);
    expect(elder.headers.location).toBe('/');
  });

  it('public pages carry ETags, Cache-Control and canonical links; sitemap.xml and robots.txt list them', async () => {
    const first = await banshi.http().get(`/matters/${ID_CARD.code}`).expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.vary).toMatch(/Cookie/);
    expect(first.headers.etag).toBeDefined();
    await banshi.http().get(`/matters/${ID_CARD.code}`).set('If-None-Match', first.headers.etag).expect(304);
    expect(first.text).toContain(`<link rel="canonical" href="${banshi.url}/matters/${ID_CARD.code}"/>`);
    const sitemap = await banshi.http().get('/sitemap.xml').expect(200);
    expect(sitemap.headers['content-type']).toMatch(/^application\/xml/);
    expect(sitemap.text).toContain(`<loc>${banshi.url}/matters/${ID_CARD.code}</loc>`);
    expect(sitemap.text.match(/<loc>[^<]*\/matters\//g)!.length).toBe(968);
    const robots = await banshi.http().get('/robots.txt').expect(200);
    expect(robots.text).toContain(`Sitemap: ${banshi.url}/sitemap.xml`);
    // the API keeps its own answers
    const api = await banshi.http().get(`/api/v1/matters/${ID_CARD.code}`).expect(200);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
  });
});
