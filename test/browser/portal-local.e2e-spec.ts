import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildBeizhenDemo } from '../../seeds/beizhen';
import { as, Staff } from '../setup/staff';
import { Banshi, eventually, startBanshi } from '../setup/test-app';
import { axe, DESKTOP, launchBrowser, newContext, PHONE, screenshot, serious } from './browser';

/**
 * The portal's local and personal parts in a real browser, on the demo data: "near me" (a township / village from a
 * list without JS, the browser's position with JS), the matters of a place, 长辈版's elder-first home, the receipt
 * with which a citizen sees the department's answer, forms refused when posted from another site, and gzip.
 */
describe('citizen portal: near me, places, receipts, 长辈版 home, CSRF, compression', () => {
  let banshi: Banshi;
  let browser: Browser;
  const demo = buildBeizhenDemo();
  const loc = (code: string) => demo.locations.find((l) => l.code === code)!;
  const townships = demo.locations.filter((l) => l.level === '乡镇(街道)便民服务中心');
  const villages = demo.locations.filter((l) => l.level === '村(社区)代办点');
  // a matter handled at village points too (就近办), and one of those villages with its township
  const villageMatter = demo.matters.find((m) => m.nearby && villages.some((v) => m.nearbyLocationCodes?.includes(v.code)))!;
  const village = villages.find((v) => villageMatter.nearbyLocationCodes!.includes(v.code) && v.parentCode !== villages[0].parentCode)!;
  const villageTownship = loc(village.parentCode!);
  const townshipMatters = demo.matters.filter((m) => m.nearbyLocationCodes?.includes(townships[0].code)).length;
  const villageMatters = demo.matters.filter((m) => m.nearbyLocationCodes?.includes(village.code)).length;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-portal-local-'));
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo));
    [banshi, browser] = await Promise.all([startBanshi(), launchBrowser()]);
    expect(banshi.cli('import', [join(dir, 'demo.json')]).status).toBe(0);
    await eventually(async () => (await banshi.http().get('/health/ready')).status === 200, 360_000, 'the index');
  }, 420_000); // importing and indexing the whole demo takes minutes on a busy machine
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  const open = async (options: BrowserContextOptions = DESKTOP): Promise<{ ctx: BrowserContext; page: Page }> => {
    const ctx = await newContext(browser, banshi.url, options);
    return { ctx, page: await ctx.newPage() };
  };

  it('the demo places carry coordinates (so "near me" can measure), and a village matter is handled at many points', () => {
    expect(demo.locations.every((l) => typeof l.lat === 'number' && typeof l.lng === 'number')).toBe(true);
    expect(villageMatter.nearbyLocationCodes!.length).toBeGreaterThan(10);
    expect(townshipMatters).toBeGreaterThan(50); // more than one page of the place page
  });

  it("without JavaScript: choose one's village from the list; results and the matter page show the nearest place first", async () => {
    const { ctx, page } = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`/search?q=${encodeURIComponent(villageMatter.name)}`);
    // the position button needs JavaScript: without it only the list is offered
    expect(await page.getByRole('button', { name: /用我的位置/ }).isVisible()).toBe(false);
    await page.getByLabel('您在哪个乡镇（街道）或村（社区）？').selectOption(village.code);
    await page.getByRole('button', { name: '按这个地点显示' }).click();
    await page.waitForURL(new RegExp(`place=${village.code}`));
    expect(new URL(page.url()).searchParams.get('q')).toBe(villageMatter.name);
    const hit = page.locator('.result', { has: page.locator(`h3 a[href^="/matters/${villageMatter.code}"]`) });
    // its nearest handling place is the village point itself
    expect(await hit.textContent()).toContain(`最近的办理点：${village.name}（不到 0.1 公里）`);
    // the choice stays in the URL: the filters form and the matter link carry it
    expect(await page.locator('form.filters input[name=place]').getAttribute('value')).toBe(village.code);
    await hit.locator('h3 a').click();
    await page.waitForURL(`**/matters/${villageMatter.code}?place=${village.code}`);
    const nearest = page.locator('.nearest');
    expect(await nearest.getByRole('heading').textContent()).toBe(`离“${village.name}”最近的办理地点`);
    expect(await nearest.locator('li').first().textContent()).toContain(village.name);
    expect(await nearest.locator('li').count()).toBe(3);
    // the matter page offers the same choice, preselected
    expect(await page.getByLabel('您在哪个乡镇（街道）或村（社区）？').inputValue()).toBe(village.code);
    await page.getByLabel('您在哪个乡镇（街道）或村（社区）？').selectOption(villageTownship.code);
    await page.getByRole('button', { name: '按这个地点显示' }).click();
    await page.waitForURL(`**/matters/${villageMatter.code}?place=${villageTownship.code}#where`);
    expect(await page.locator('.nearest li').first().textContent()).toContain(villageTownship.name);
    await page.locator('#where').scrollIntoViewIfNeeded();
    await screenshot(page, 'matter-near-phone', 0);
    // an unknown place is a 400 page, a malformed one too
    expect((await page.goto(`/search?q=x&place=BZ-NO-SUCH`))!.status()).toBe(400);
    expect((await page.goto(`/matters/${villageMatter.code}?place=%3Cx%3E`))!.status()).toBe(400);
    await ctx.close();
  });

  it('with JavaScript: "用我的位置" asks the browser for the position and shows the nearest places', async () => {
    // standing in the township of the village chosen above (its centre is nearer than the city's)
    const { ctx, page } = await open({
      ...DESKTOP,
      geolocation: { latitude: villageTownship.lat!, longitude: villageTownship.lng! },
      permissions: ['geolocation'],
    });
    await page.goto(`/search?q=${encodeURIComponent(villageMatter.name)}`);
    await page.getByRole('button', { name: '用我的位置（定位）' }).click();
    await page.waitForURL(/near=/);
    // rounded to two decimals (about a kilometre) before it leaves the browser
    expect(new URL(page.url()).searchParams.get('near')).toBe(`${villageTownship.lat!.toFixed(2)},${villageTownship.lng!.toFixed(2)}`);
    const hit = page.locator('.result', { has: page.locator(`h3 a[href^="/matters/${villageMatter.code}"]`) });
    const hint = (await hit.locator('.hint', { hasText: '最近的办理点' }).textContent()) ?? '';
    const nearest = /最近的办理点：(.+?)（/.exec(hint)![1];
    // the nearest point is in that township (its centre or one of its villages), not the city centre
    expect([villageTownship.name, ...villages.filter((v) => v.parentCode === villageTownship.code).map((v) => v.name)]).toContain(nearest);
    await screenshot(page, 'search-near-desktop');
    // a position refused by the visitor: a plain message, the list still there
    const denied = await newContext(browser, banshi.url, { ...DESKTOP, permissions: [] });
    const p2 = await denied.newPage();
    await p2.goto(`/search?q=${encodeURIComponent(villageMatter.name)}`);
    await p2.getByRole('button', { name: '用我的位置（定位）' }).click();
    await eventually(async () => ((await p2.locator('.geolocate-status').first().textContent()) ?? '').includes('没能取得您的位置'), 15_000, 'the refusal');
    expect(p2.url()).not.toContain('near=');
    await denied.close();
    await ctx.close();
  });

  it('a place page lists the matters handled there by department, paged', async () => {
    const { ctx, page } = await open(DESKTOP);
    const township = townships[0];
    await page.goto(`/locations/${township.code}`);
    expect(await page.getByRole('heading', { level: 2, name: `在这里可以办的事（${townshipMatters} 项）` }).count()).toBe(1);
    expect(await page.locator('section ul.columns a[href^="/matters/"]').count()).toBe(50);
    const groups = await page.locator('section h3').allTextContents();
    expect(groups.length).toBeGreaterThan(1);
    expect(new Set(groups).size).toBe(groups.length); // each department once on the page
    await screenshot(page, 'location-desktop');
    await page.getByRole('navigation', { name: '事项分页' }).getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(`**/locations/${township.code}?page=2`);
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(`${banshi.url}/locations/${township.code}?page=2`);
    const lastPage = Math.ceil(townshipMatters / 50);
    await page.goto(`/locations/${township.code}?page=${lastPage}`);
    expect(await page.locator('section ul.columns a[href^="/matters/"]').count()).toBe(townshipMatters - (lastPage - 1) * 50);
    // a village point: its own (fewer) matters, one page
    await page.goto(`/locations/${village.code}`);
    expect(await page.getByRole('heading', { level: 2, name: `在这里可以办的事（${villageMatters} 项）` }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: '事项分页' }).count()).toBe(0);
    const phone = await newContext(browser, banshi.url, PHONE);
    const p2 = await phone.newPage();
    await p2.goto(`/locations/${village.code}`);
    await screenshot(p2, 'location-phone');
    await phone.close();
    for (const [path, status] of [
      [`/locations/${township.code}?page=${lastPage + 1}`, 404],
      [`/locations/${township.code}?page=abc`, 400],
      [`/locations/${township.code}?page=1&evil=1`, 400],
      ['/locations/BZ-NO-SUCH', 404],
    ] as const) {
      const res = await banshi.http().get(path);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    // the API offers the same list
    const api = await banshi.http().get(`/api/v1/matters?locationCode=${village.code}&limit=100`).expect(200);
    expect(api.body.total).toBe(villageMatters);
    await ctx.close();
  });

  it('长辈版 home: the most common tasks first (from the search statistics), as large targets; the rest behind one disclosure', async () => {
    // citizens' searches make the statistics (written every few seconds)
    for (let i = 0; i < 10; i++)
      await banshi
        .http()
        .get('/api/v1/search?q=' + encodeURIComponent('办身份证'))
        .expect(200);
    const { ctx, page } = await open(PHONE);
    await ctx.addCookies([{ name: 'elder', value: '1', url: banshi.url }]);
    // (pages are cached for a minute, so wait for the statistics in the database, then open the home once)
    await eventually(
      async () => (await banshi.sql(`SELECT 1 FROM search_query_stats WHERE query = '办身份证' AND searches >= 10`)).length > 0,
      30_000,
      'the statistics',
    );
    await page.goto('/');
    expect(await page.locator('.task-grid').first().locator('a').first().textContent()).toBe('办身份证');
    const headings = await page.locator('main h2').allTextContents();
    expect(headings[0]).toBe('常办的事');
    const tasks = page.locator('.task-grid').first().locator('a');
    // the searched first, then filled up with 一件事 bundles while the statistics are few: six in all
    const labels = await tasks.allTextContents();
    expect(labels).toHaveLength(6);
    expect(labels[labels.length - 1]).toMatch(/一件事/);
    for (const box of await tasks.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(52);
    // the standard home's lists wait behind one closed disclosure
    expect(await page.getByRole('heading', { name: '按部门查找' }).isVisible()).toBe(false);
    await page.locator('summary', { hasText: '更多' }).click();
    expect(await page.getByRole('heading', { name: '按部门查找' }).isVisible()).toBe(true);
    await page.locator('summary', { hasText: '更多' }).click();
    await screenshot(page, 'home-elder-phone');
    await tasks.first().click();
    await page.waitForURL(/\/search\?q=/);
    // the standard home is unchanged
    await ctx.clearCookies();
    await page.goto('/');
    expect(await page.locator('.task-grid').count()).toBe(0);
    expect(await page.getByRole('heading', { name: '按部门查找' }).isVisible()).toBe(true);
    await ctx.close();
  });

  it("a report gives a receipt; with it the citizen sees the status and, later, the department's answer — nothing personal", async () => {
    const { ctx, page } = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`/matters/${villageMatter.code}`);
    const report = page.locator('form', { has: page.getByRole('heading', { name: '反映问题' }) });
    await report.getByLabel('被收取指南没有列出的费用').check();
    await report.getByLabel('具体情况').fill('代办员收了五十元跑腿费');
    await report.getByLabel(/联系电话/).fill('13900139000');
    await report.getByRole('button', { name: '提交问题' }).click();
    await page.waitForURL(/\/feedback\/[2-9A-HJKMNP-Z]{12}\?sent=1#main$/);
    const receipt = /\/feedback\/([A-Z0-9]{12})/.exec(page.url())![1];
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('问题已提交');
    expect(await page.locator('.receipt strong').textContent()).toBe(receipt);
    expect(await page.locator('main').textContent()).toContain('已收到，等待处理');
    await screenshot(page, 'feedback-receipt-phone');
    // the department answers through the staff API
    const staff = await Staff.bootstrap(banshi);
    const editor = await staff.create('village-editor', 'editor', [villageMatter.departmentCode!]);
    const items = (await as(banshi, editor).get(`/api/v1/admin/feedback?matterCode=${villageMatter.code}`).expect(200)).body.items as {
      id: string;
      receipt: string;
    }[];
    const item = items.find((f) => f.receipt === receipt)!;
    await as(banshi, editor)
      .patch(`/api/v1/admin/feedback/${item.id}`)
      .send({ status: 'answered', answer: '经核实，代办服务免费，已责令退还并通报。' })
      .expect(200);
    // the citizen comes back with the code, typed into the lookup form
    await page.goto('/feedback');
    await page.getByLabel('回执码').fill(receipt.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(`**/feedback/${receipt}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`回执 ${receipt}`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('已答复');
    expect(main).toContain('经核实，代办服务免费，已责令退还并通报。');
    expect(main).not.toContain('五十元');
    expect(main).not.toContain('13900139000');
    await screenshot(page, 'feedback-answer-phone');
    const axeCtx = await newContext(browser, banshi.url, { ...PHONE, bypassCSP: true });
    const p2 = await axeCtx.newPage();
    const problems: string[] = [];
    for (const path of [
      `/feedback/${receipt}`,
      `/feedback/${receipt}?sent=1`,
      '/feedback',
      '/feedback?receipt=x',
      `/locations/${village.code}`,
      `/matters/${villageMatter.code}?place=${village.code}`,
    ]) {
      await p2.goto(path);
      problems.push(...serious(await axe(p2)).map((p) => `${path}: ${p}`));
    }
    await axeCtx.addCookies([{ name: 'elder', value: '1', url: banshi.url }]);
    for (const path of ['/', `/search?q=${encodeURIComponent(villageMatter.name)}&place=${village.code}`]) {
      await p2.goto(path);
      problems.push(...serious(await axe(p2)).map((p) => `长辈版 ${path}: ${p}`));
    }
    expect(problems).toEqual([]);
    await axeCtx.close();
    await ctx.close();
  });

  it('a form posted from another site is refused with an HTML 403 page and stores nothing; our own form still works', async () => {
    const before = (await banshi.sql(`SELECT id FROM feedback`)).length;
    // the attacker's page, on another origin: a form that posts itself to Banshi
    const target = `${banshi.url}/matters/${villageMatter.code}/feedback`;
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><form id=f method=post action="${target}"><input name=kind value=rating><input name=rating value=1><input name=comment value=forged></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      const { ctx, page } = await open(DESKTOP);
      // "localhost" is another site than Banshi's 127.0.0.1
      const answer = page.waitForResponse((r) => r.url() === target);
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      const res = await answer;
      expect(res.status()).toBe(403);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('无权访问');
      expect(await page.locator('main').textContent()).toContain('不是从本网站的页面提交的');
      await ctx.close();
    } finally {
      await new Promise((r) => evil.close(r));
    }
    // the same for any client that says it comes from elsewhere; the 长辈版 switch too
    const forged = await banshi
      .http()
      .post(`/matters/${villageMatter.code}/feedback`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ kind: 'rating', rating: '1' });
    expect([forged.status, forged.headers['content-type']]).toEqual([403, expect.stringMatching(/^text\/html/)]);
    await banshi.http().post('/elder').set('Sec-Fetch-Site', 'cross-site').type('form').send({ on: '1' }).expect(403);
    expect((await banshi.sql(`SELECT id FROM feedback`)).length).toBe(before);
    // our own origin passes (the no-JS browser flow above posted through it too)
    const own = await banshi
      .http()
      .post(`/matters/${villageMatter.code}/feedback`)
      .set('Origin', banshi.url)
      .type('form')
      .send({ kind: 'rating', rating: '5' });
    expect(own.status).toBe(303);
    expect((await banshi.sql(`SELECT id FROM feedback`)).length).toBe(before + 1);
  });

  it('pages, JSON and assets come back gzip-compressed when asked; NDJSON streams are left uncompressed', async () => {
    const page = await banshi.http().get(`/matters/${villageMatter.code}`).set('Accept-Encoding', 'gzip').expect(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers.vary).toMatch(/Accept-Encoding/);
    expect(page.text).toContain(villageMatter.name); // decoded by the client: nothing broken
    const plain = await banshi.http().get(`/matters/${villageMatter.code}`).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const api = await banshi
      .http()
      .get('/api/v1/search?q=' + encodeURIComponent('低保'))
      .set('Accept-Encoding', 'gzip')
      .expect(200);
    expect(api.headers['content-encoding']).toBe('gzip');
    const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(page.text)![1];
    expect((await banshi.http().get(css).set('Accept-Encoding', 'gzip').expect(200)).headers['content-encoding']).toBe('gzip');
    // the streamed JSON export is compressed as it streams and still complete
    // (fetch decodes gzip itself and still shows the header)
    const json = await fetch(`${banshi.url}/api/v1/export?format=json`, { headers: { 'accept-encoding': 'gzip' } });
    expect([json.status, json.headers.get('content-encoding')]).toEqual([200, 'gzip']);
    expect(((await json.json()) as { matters: unknown[] }).matters).toHaveLength(demo.matters.length);
    // NDJSON (the export here; import progress shares the type) is never held back in a gzip buffer
    const ndjson = await fetch(`${banshi.url}/api/v1/export?format=ndjson`, { headers: { 'accept-encoding': 'gzip' } });
    expect([ndjson.status, ndjson.headers.get('content-encoding')]).toEqual([200, null]);
    expect((await ndjson.text()).trim().split('\n').length).toBeGreaterThan(demo.matters.length);
  });
});
