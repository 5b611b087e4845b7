import { matterBody } from './setup/catalogue-fixtures';
import { as, Signed, Staff } from './setup/staff';
import { Banshi, startBanshi } from './setup/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The response body as bytes (supertest would otherwise try to parse a workbook as text). */
const bytes = (req: ReturnType<ReturnType<Banshi['http']>['get']>) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/**
 * Completeness rules through the running service (src/service-matters/completeness.ts): a matter that needs no
 * materials says so (`noMaterialsRequired`) and can then be submitted, published, shown and exchanged; saying so
 * while listing materials is refused; a 一件事 bundle needs a lead department and two different matters.
 */
describe('completeness: 无需提交材料 and 一件事 bundles', () => {
  let banshi: Banshi;
  let staff: Staff;
  let editor: Signed;
  let reviewer: Signed;
  const DEPT = 'CP-A';
  const noMaterials = (code: string) => {
    const { materials: _m, ...rest } = matterBody(code, DEPT);
    return { ...rest, noMaterialsRequired: true };
  };

  async function publish(kind: string, body: { code: string }) {
    const d = await as(banshi, editor).post(`/api/v1/admin/${kind}`).send(body).expect(201);
    const s = await as(banshi, editor).post(`/api/v1/admin/${kind}/${body.code}/submit`).set('if-match', String(d.body.version));
    expect(s.status).toBe(200);
    await as(banshi, reviewer).post(`/api/v1/admin/${kind}/${body.code}/publish`).set('if-match', String(s.body.version)).send({}).expect(200);
  }

  beforeAll(async () => {
    banshi = await startBanshi();
    staff = await Staff.bootstrap(banshi);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: DEPT, name: '完整性测试部门' }).expect(201);
    editor = await staff.create('cp.editor', 'editor', [DEPT]);
    reviewer = await staff.create('cp.reviewer', 'reviewer');
  });
  afterAll(() => banshi?.close());

  it('a matter without materials is refused at submit unless it says 无需提交材料', async () => {
    const { materials: _m, ...bare } = matterBody('CP-M0', DEPT);
    const d = await as(banshi, editor).post('/api/v1/admin/matters').send(bare).expect(201);
    const refused = await as(banshi, editor).post('/api/v1/admin/matters/CP-M0/submit').set('if-match', String(d.body.version)).expect(422);
    expect(refused.body.code).toBe('INCOMPLETE');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'materials', message: expect.stringContaining('无需提交材料') })]);
  });

  it('with the flag it is submitted, published, and the API and the portal say no materials are needed', async () => {
    await publish('matters', noMaterials('CP-M1'));
    const pub = await banshi.http().get('/api/v1/matters/CP-M1').expect(200);
    expect(pub.body).toMatchObject({ noMaterialsRequired: true, materials: [] });
    const page = await banshi.http().get('/matters/CP-M1').expect(200);
    expect(page.text).toContain('本事项无需提交材料');
    const print = await banshi.http().get('/matters/CP-M1/print').expect(200);
    expect(print.text).toContain('本事项无需提交材料');
    // An ordinary matter keeps the flag false and lists its materials.
    await publish('matters', matterBody('CP-M2', DEPT));
    expect((await banshi.http().get('/api/v1/matters/CP-M2').expect(200)).body).toMatchObject({
      noMaterialsRequired: false,
      materials: [{ name: '居民身份证' }],
    });
  });

  it('the flag together with materials is a contradiction, refused on save with the field named', async () => {
    const res = await as(banshi, editor)
      .post('/api/v1/admin/matters')
      .send({ ...matterBody('CP-M3', DEPT), noMaterialsRequired: true });
    // Like every cross-field rule of a matter (src/service-matters/matter-rules.ts): 400 with the field.
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'noMaterialsRequired', message: expect.stringContaining('不能同时列出申请材料') })]);
    await as(banshi, editor).get('/api/v1/admin/matters/CP-M3').expect(404);
  });

  it('round trip: the flag survives the JSON and XLSX exports and their import (nothing changes)', async () => {
    const json = await banshi.http().get('/api/v1/export').query({ format: 'json', kind: 'matters', departmentCode: DEPT }).expect(200);
    expect(json.body.matters.find((m: { code: string }) => m.code === 'CP-M1')).toMatchObject({ noMaterialsRequired: true });
    expect(json.body.matters.find((m: { code: string }) => m.code === 'CP-M1').materials ?? []).toEqual([]);
    const xlsx = await bytes(banshi.http().get('/api/v1/export').query({ format: 'xlsx', kind: 'matters', departmentCode: DEPT })).expect(200);

    for (const [type, body] of [
      ['application/json', JSON.stringify(json.body)],
      [XLSX, xlsx.body as Buffer],
    ] as const) {
      const back = await as(banshi, editor).post('/api/v1/admin/import?dryRun=true').set('content-type', type).send(body);
      expect({ type, status: back.status }).toEqual({ type, status: 200 });
      expect(back.body.counts.matters).toMatchObject({ total: 2, created: 0, updated: 0, unchanged: 2 });
    }

    // The same file with the flag dropped is a change (so "unchanged" above really compared the flag) …
    const dropped = {
      ...json.body,
      matters: json.body.matters.map((m: { code: string }) => (m.code === 'CP-M1' ? { ...m, noMaterialsRequired: false } : m)),
    };
    const changed = await as(banshi, editor).post('/api/v1/admin/import?dryRun=true').set('content-type', 'application/json').send(dropped).expect(200);
    expect(changed.body.counts.matters).toMatchObject({ updated: 1, unchanged: 1 });
    // … and a file that sets the flag beside materials is refused, naming the record and the field.
    const contradictory = {
      ...json.body,
      matters: json.body.matters.map((m: { code: string }) => (m.code === 'CP-M2' ? { ...m, noMaterialsRequired: true } : m)),
    };
    const refused = await as(banshi, editor).post('/api/v1/admin/import?dryRun=true').set('content-type', 'application/json').send(contradictory);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('noMaterialsRequired');
  });

  it('a 一件事 bundle needs a lead department and at least two different matters before it is submitted', async () => {
    const body = { code: 'CP-B1', name: '完整性测试一件事', departmentCode: DEPT, matterCodes: ['CP-M1'] };
    const d = await as(banshi, editor).post('/api/v1/admin/bundles').send(body).expect(201);
    const refused = await as(banshi, editor).post('/api/v1/admin/bundles/CP-B1/submit').set('if-match', String(d.body.version)).expect(422);
    expect(refused.body.code).toBe('INCOMPLETE');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'matterCodes' })]);

    const fixed = await as(banshi, editor)
      .put('/api/v1/admin/bundles/CP-B1/draft')
      .set('if-match', String(d.body.version))
      .send({ ...body, matterCodes: ['CP-M1', 'CP-M2'] })
      .expect(200);
    const s = await as(banshi, editor).post('/api/v1/admin/bundles/CP-B1/submit').set('if-match', String(fixed.body.version)).expect(200);
    await as(banshi, reviewer).post('/api/v1/admin/bundles/CP-B1/publish').set('if-match', String(s.body.version)).send({}).expect(200);
    expect((await banshi.http().get('/api/v1/bundles/CP-B1').expect(200)).body.matters).toHaveLength(2);

    // The staff import with submit=true applies the same rule.
    const file = {
      format: 'banshi-exchange',
      version: 1,
      bundles: [{ code: 'CP-B2', name: '只有一个事项', departmentCode: DEPT, matterCodes: ['CP-M1'], status: 'draft' }],
    };
    const imported = await as(banshi, editor).post('/api/v1/admin/import?dryRun=true&submit=true').set('content-type', 'application/json').send(file);
    expect(imported.status).toBe(422);
    expect(JSON.stringify(imported.body)).toContain('matterCodes');
  });
});
