import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/** Foundation: import (valid, invalid, idempotent, round trip) and every public read endpoint, on the demo data. */
describe('catalogue: import, export and the public read API', () => {
  let banshi: Banshi;
  const dir = mkdtempSync(join(tmpdir(), 'banshi-e2e-'));
  const demoFile = join(dir, 'demo.json');
  const demo = buildBeizhenDemo();

  beforeAll(async () => {
    writeFileSync(demoFile, JSON.stringify(demo));
    banshi = await startBanshi();
    const r = banshi.cli('import', [demoFile]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
  });
  afterAll(() => banshi?.close());

  it('serves the published figures of the reference city', async () => {
    const res = await banshi.http().get('/api/v1/stats').expect(200);
    expect(res.body).toMatchObject({ matters: 968, matterDepartments: 32, nearbyMatters: 186, nearbyDepartments: 14, guides: 1528, guideUnits: 128 });
    expect(res.body.departments).toBeGreaterThanOrEqual(128);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await banshi.sql<{ n: string }>(`SELECT count(*) AS n FROM change_log`);
    const r = banshi.cli('import', [demoFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/matters\s+新增 created 0, 更新 updated 0, 未变 unchanged 968/);
    const after = await banshi.sql<{ n: string }>(`SELECT count(*) AS n FROM change_log`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('rejects a file with any invalid record, lists every problem in Chinese and changes nothing', async () => {
    const bad = JSON.parse(JSON.stringify(demo));
    bad.matters[0].name = '居民身份证申领（已修改）'; // a valid change that must NOT be applied
    bad.matters[1].matterType = '77';
    bad.matters[2].charged = true;
    bad.matters[2].fees = [];
    bad.guides[0].departmentCode = 'NO-SUCH-DEPT';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = banshi.cli('import', [file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`matters[1]（${bad.matters[1].code}）  matterType`);
    expect(r.stderr).toContain(`matters[2]（${bad.matters[2].code}）  fees  收费事项必须至少列出一个收费项目`);
    const [row] = await banshi.sql<{ name: string }>(`SELECT name FROM service_matters WHERE code = $1`, [demo.matters[0].code]);
    expect(row.name).toBe(demo.matters[0].name);
  });

  it('reference errors are reported even when every record is well-formed', async () => {
    const bad = { format: 'banshi-exchange', version: 1, guides: [{ ...demo.guides[0], departmentCode: 'NO-SUCH-DEPT' }] };
    const file = join(dir, 'bad-ref.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = banshi.cli('import', [file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('departmentCode  引用的编制单位“NO-SUCH-DEPT”在文件和数据库中都不存在');
  });

  it('export → import is lossless (the re-import finds every record unchanged)', async () => {
    const out = join(dir, 'export.json');
    expect(banshi.cli('export', [out]).status).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.format).toBe('banshi-exchange');
    expect(exported.matters).toHaveLength(968);
    const r = banshi.cli('import', [out]);
    expect(r.status).toBe(0);
    for (const kind of ['departments', 'locations', 'matters', 'guides', 'bundles']) {
      expect(r.stdout).toMatch(new RegExp(`${kind}\\s+新增 created 0, 更新 updated 0`));
    }
  });

  it('streams the published catalogue as NDJSON and CSV, with spreadsheet formulas neutralised', async () => {
    const nd = await banshi
      .http()
      .get('/api/v1/export?format=ndjson')
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => cb(null, text));
      })
      .expect(200);
    const lines = (nd.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
    expect([count('departments'), count('matters'), count('guides')]).toEqual([128, 968, 1528]);
    const code = demo.matters[9].code;
    const [{ conditions }] = await banshi.sql<{ conditions: string }>(`SELECT conditions FROM service_matters WHERE code = $1`, [code]);
    await banshi.sql(`UPDATE service_matters SET conditions = '=HYPERLINK("http://x")' WHERE code = $1`, [code]);
    const csv = await banshi.http().get('/api/v1/export').query({ format: 'csv', kind: 'matters', departmentCode: demo.matters[9].departmentCode }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      '\ufeffcode,name,departmentCode,matterType,baseCode,exerciseLevels,serviceObjects,conditions,materials,noMaterialsRequired,charged,fees,legalLimit,promisedLimit,caseType,handlingForms,onlineUrl,onSiteVisits,nearby,nearbyLocationCodes,consult,complaint,crossRegionScope,personalThemes,corporateThemes,lifeStages,keywords',
    );
    const row = csv.text.split('\r\n').find((l) => l.startsWith(code))!;
    expect(row).toContain(`,"'=HYPERLINK(""http://x"")",`);
    await banshi.sql(`UPDATE service_matters SET conditions = $2 WHERE code = $1`, [code, conditions]);
    await banshi.http().get('/api/v1/export?format=xml').expect(400);
  });

  it('export → import into an empty instance gives an identical catalogue', async () => {
    const first = await banshi.http().get('/api/v1/export?format=json').expect(200);
    const file = join(dir, 'api-export.json');
    writeFileSync(file, JSON.stringify(first.body));
    const empty = await startBanshi();
    try {
      expect(empty.cli('import', [file]).status).toBe(0);
      const second = await empty.http().get('/api/v1/export?format=json').expect(200);
      const strip = (d: { generatedAt?: string }) => ({ ...d, generatedAt: undefined });
      expect(strip(second.body)).toEqual(strip(first.body));
      expect(first.body.matters).toHaveLength(968);
    } finally {
      await empty.close();
    }
  });

  it('lists departments with matter counts and shows one with its matters', async () => {
    const list = await banshi.http().get('/api/v1/departments?inCentre=true&limit=100').expect(200);
    expect(list.body.total).toBe(32);
    const withMatters = list.body.items.find((d: { matterCount: number }) => d.matterCount > 0);
    const detail = await banshi.http().get(`/api/v1/departments/${withMatters.code}`).expect(200);
    expect(detail.body.matters).toHaveLength(withMatters.matterCount);
    await banshi
      .http()
      .get('/api/v1/departments/NOPE')
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('DEPARTMENT_NOT_FOUND'));
  });

  it('filters and paginates matters', async () => {
    const nearby = await banshi.http().get('/api/v1/matters?nearby=true&limit=100').expect(200);
    expect(nearby.body.total).toBe(186);
    expect(nearby.body.items.every((m: { nearby: boolean }) => m.nearby)).toBe(true);
    const dept = demo.matters[0].departmentCode;
    const byDept = await banshi.http().get(`/api/v1/matters?departmentCode=${dept}&limit=100`).expect(200);
    expect(byDept.body.total).toBe(demo.matters.filter((m) => m.departmentCode === dept).length);
    const licences = await banshi.http().get('/api/v1/matters?type=01&limit=5').expect(200);
    expect(licences.body.items.every((m: { matterType: { code: string } }) => m.matterType.code === '01')).toBe(true);
    const personal = await banshi.http().get('/api/v1/matters?object=personal&theme=户籍办理').expect(200);
    expect(personal.body.total).toBe(demo.matters.filter((m) => m.serviceObjects?.includes('1') && m.personalThemes?.includes('010')).length);
    const page2 = await banshi.http().get('/api/v1/matters?page=2&limit=10').expect(200);
    const page1 = await banshi.http().get('/api/v1/matters?page=1&limit=10').expect(200);
    expect(page2.body.items[0].code).not.toBe(page1.body.items[0].code);
  });

  it('shows a matter guide by id or by code, codes with their labels', async () => {
    const m = demo.matters.find((x) => x.materials?.length && x.nearbyLocationCodes?.length)!;
    const byCode = await banshi.http().get(`/api/v1/matters/${m.code}`).expect(200);
    expect(byCode.body.name).toBe(m.name);
    expect(byCode.body.materials.map((x: { name: string }) => x.name)).toEqual(m.materials!.map((x) => x.name));
    expect(byCode.body.matterType.label).toBeTruthy();
    expect(byCode.body.nearbyLocations.length).toBe(m.nearbyLocationCodes!.length);
    const byId = await banshi.http().get(`/api/v1/matters/${byCode.body.id}`).expect(200);
    expect(byId.body.code).toBe(m.code);
  });

  it('never shows drafts', async () => {
    const m = demo.matters[5];
    await banshi.sql(`UPDATE service_matters SET status = 'draft' WHERE code = $1`, [m.code]);
    await banshi.http().get(`/api/v1/matters/${m.code}`).expect(404);
    const stats = await banshi.http().get('/api/v1/stats').expect(200);
    expect(stats.body.matters).toBe(967);
    await banshi.sql(`UPDATE service_matters SET status = 'published' WHERE code = $1`, [m.code]);
  });

  it('serves guide entries by list, bundles, locations, themes and code lists', async () => {
    const prohibited = await banshi.http().get('/api/v1/guides?list=prohibited').expect(200);
    expect(prohibited.body.total).toBe(demo.guides.filter((g) => g.list === 'prohibited').length);
    expect(prohibited.body.items[0].list).toEqual({ code: 'prohibited', label: '违规禁办事项清单' });
    const g = await banshi.http().get(`/api/v1/guides/${demo.guides[0].code}`).expect(200);
    expect(g.body.title).toBe(demo.guides[0].title);
    const bundles = await banshi.http().get('/api/v1/bundles').expect(200);
    expect(bundles.body.total).toBe(demo.bundles.length);
    expect(bundles.body.items[0].matters.length).toBeGreaterThan(0);
    const places = await banshi.http().get('/api/v1/locations?level=乡镇(街道)便民服务中心&limit=100').expect(200);
    expect(places.body.total).toBe(demo.locations.filter((l) => l.level === '乡镇(街道)便民服务中心').length);
    const themes = await banshi.http().get('/api/v1/themes').expect(200);
    expect(themes.body.personal).toContainEqual({ code: '010', label: '户籍办理' });
    const lists = await banshi.http().get('/api/v1/code-lists').expect(200);
    expect(lists.body.caseTypes).toContainEqual({ code: '1', label: '即办件' });
  });

  it.each([
    ['/api/v1/matters?limit=101', 'limit'],
    ['/api/v1/matters?page=0', 'page'],
    ['/api/v1/matters?type=77', 'type'],
    ['/api/v1/matters?nearby=yes', 'nearby'],
    ['/api/v1/matters?foo=bar', 'foo'],
    ['/api/v1/guides?list=secret', 'list'],
    ['/api/v1/departments?inCentre=1', 'inCentre'],
    ['/api/v1/search?limit=51', 'limit'],
    ['/api/v1/search?q=' + '办'.repeat(101), 'q'],
    ['/api/v1/search?theme=不存在', 'theme'],
  ])('bad input %s → 400 naming the field', async (path, field) => {
    const res = await banshi.http().get(encodeURI(path)).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lists only what changed after modifiedAfter', async () => {
    const [{ now }] = await banshi.sql<{ now: Date }>(`SELECT now() AS now`);
    const code = demo.matters[7].code;
    await banshi.sql(`UPDATE service_matters SET conditions = conditions || '。' WHERE code = $1`, [code]);
    const res = await banshi
      .http()
      .get('/api/v1/matters')
      .query({ modifiedAfter: new Date(now).toISOString() })
      .expect(200);
    expect(res.body.items.map((m: { code: string }) => m.code)).toEqual([code]);
    await banshi.http().get('/api/v1/matters?modifiedAfter=yesterday').expect(400);
  });

  it('public reads carry a request id, cache headers and ETags (304 when unchanged)', async () => {
    const first = await banshi.http().get('/api/v1/themes').set('x-request-id', 'trace-123').expect(200);
    expect(first.headers['x-request-id']).toBe('trace-123');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    await banshi.http().get('/api/v1/themes').set('if-none-match', first.headers.etag).expect(304);
    const admin = await banshi.http().get('/api/v1/admin/search/synonyms');
    expect(admin.headers['cache-control']).toBe('no-store');
    const generated = await banshi.http().get('/api/v1/stats').set('x-request-id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a write by another process (here raw SQL) reaches every cached public read within moments', async () => {
    // The public reads are memoised per instance (cluster/catalogue-read-cache.ts); the change-log trigger's NOTIFY
    // must drop them, or this instance would show the old name until it restarts.
    const m = demo.matters[3];
    const d = demo.departments.find((x) => x.code === m.departmentCode)!;
    const readAll = () =>
      Promise.all([
        banshi.http().get(`/api/v1/matters/${m.code}`).expect(200),
        banshi.http().get(`/matters/${m.code}`).expect(200),
        banshi.http().get(`/api/v1/departments/${d.code}`).expect(200),
      ]);
    await readAll();
    await readAll(); // now served from memory
    await banshi.sql(`UPDATE service_matters SET name = name || '（改）' WHERE code = $1`, [m.code]);
    await banshi.sql(`UPDATE departments SET name = name || '（改）' WHERE code = $1`, [d.code]);
    try {
      await eventually(
        async () => {
          const [api, page, dept] = await readAll();
          return api.body.name === `${m.name}（改）` && page.text.includes(`${m.name}（改）`) && dept.body.name === `${d.name}（改）`;
        },
        5000,
        'the cached reads show the new names',
      );
    } finally {
      await banshi.sql(`UPDATE service_matters SET name = $2 WHERE code = $1`, [m.code, m.name]);
      await banshi.sql(`UPDATE departments SET name = $2 WHERE code = $1`, [d.code, d.name]);
    }
  });

  it('unknown routes and malformed bodies get stable 4xx codes', async () => {
    await banshi
      .http()
      .get('/api/v1/nothing')
      .expect(404)
      .expect((r) => expect(r.body.code).toBe('ROUTE_NOT_FOUND'));
    await banshi.http().post('/api/v1/search/click').set('content-type', 'application/json').send('{bad').expect(400);
  });
});
