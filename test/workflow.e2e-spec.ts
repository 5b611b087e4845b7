import { as, Signed, Staff } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/**
 * The staff workflow end to end, as the README walks it: departments by the system administrator, a matter drafted
 * by a department editor, reviewed and published by the centre reviewer, found by citizens, every step audited.
 */
describe('workflow: draft → review → publish, history, scheduling, archive', () => {
  let banshi: Banshi;
  let staff: Staff;
  let editor: Signed;
  let reviewer: Signed;

  const matter = (code: string, extra: Record<string, unknown> = {}) => ({
    code,
    name: `测试事项${code}`,
    departmentCode: 'WF-A',
    matterType: '01',
    legalLimit: { value: 20, unit: '工作日' },
    promisedLimit: { value: 10, unit: '工作日' },
    materials: [{ name: '居民身份证', copies: 1 }],
    handlingForms: ['1', '2'],
    onlineUrl: 'https://zwfw.example.com/banshi',
    onSiteVisits: 1,
    onSiteReason: '现场核验身份',
    consult: { phone: '0416-1234567' },
    complaint: { phone: '12345' },
    ...extra,
  });
  const search = (q: string) => banshi.http().get('/api/v1/search').query({ q, kind: 'matter' });

  beforeAll(async () => {
    banshi = await startBanshi();
    staff = await Staff.bootstrap(banshi);
    for (const code of ['WF-A', 'WF-B']) {
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/departments')
        .send({ code, name: `部门${code}` })
        .expect(201);
    }
    editor = await staff.create('editor.a', 'editor', ['WF-A']);
    reviewer = await staff.create('reviewer', 'reviewer');
  });
  afterAll(() => banshi?.close());

  async function publish(code: string, body = matter(code)) {
    const draft = await as(banshi, editor).post('/api/v1/admin/matters').send(body).expect(201);
    const submitted = await as(banshi, editor).post(`/api/v1/admin/matters/${code}/submit`).set('if-match', String(draft.body.version)).expect(200);
    return as(banshi, reviewer).post(`/api/v1/admin/matters/${code}/publish`).set('if-match', String(submitted.body.version)).send({}).expect(200);
  }

  it('editor drafts, reviewer publishes, citizens find it, the auditor sees every step', async () => {
    const draft = await as(banshi, editor)
      .post('/api/v1/admin/matters')
      .send(matter('WF-1', { name: '独角兽养殖许可' }))
      .expect(201);
    expect(draft.body).toMatchObject({ number: 1, state: 'draft', version: 1 });
    await banshi.http().get('/api/v1/matters/WF-1').expect(404); // a draft is not public

    const submitted = await as(banshi, editor).post('/api/v1/admin/matters/WF-1/submit').set('if-match', '1').expect(200);
    expect(submitted.body.state).toBe('submitted');
    const queue = await as(banshi, reviewer).get('/api/v1/admin/matters?state=submitted').expect(200);
    expect(queue.body.items.map((i: { code: string }) => i.code)).toContain('WF-1');

    const published = await as(banshi, reviewer)
      .post('/api/v1/admin/matters/WF-1/publish')
      .set('if-match', String(submitted.body.version))
      .send({})
      .expect(200);
    expect(published.body.state).toBe('published');
    const pub = await banshi.http().get('/api/v1/matters/WF-1').expect(200);
    expect(pub.body.name).toBe('独角兽养殖许可');
    await eventually(async () => (await search('独角兽养殖')).body.hits?.some((h: { code: string }) => h.code === 'WF-1'), 30_000, 'indexed');

    const audit = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ objectId: 'WF-1', limit: 50 }).expect(200);
    const actions = audit.body.items.map((a: { action: string; actorLogin: string }) => `${a.action}:${a.actorLogin}`).reverse();
    expect(actions).toEqual(['matter.create:editor.a', 'matter.submit:editor.a', 'matter.publish:reviewer']);
    expect(audit.body.items.every((a: { requestId: string; ip: string }) => a.requestId && a.ip)).toBe(true);
  });

  it('the public keeps the published version while a new draft is edited; publishing swaps it', async () => {
    await publish('WF-2');
    const record = await as(banshi, editor).get('/api/v1/admin/matters/WF-2').expect(200);
    expect(record.body.published).toMatchObject({ status: 'published', record: { name: '测试事项WF-2' } });
    const draft = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-2/draft')
      .set('if-match', String(record.body.published.version))
      .send(matter('WF-2', { name: '测试事项WF-2（新）' }))
      .expect(200);
    expect(draft.body.number).toBe(2);
    expect((await banshi.http().get('/api/v1/matters/WF-2').expect(200)).body.name).toBe('测试事项WF-2');

    const s = await as(banshi, editor).post('/api/v1/admin/matters/WF-2/submit').set('if-match', String(draft.body.version)).expect(200);
    await as(banshi, reviewer).post('/api/v1/admin/matters/WF-2/publish').set('if-match', String(s.body.version)).send({}).expect(200);
    expect((await banshi.http().get('/api/v1/matters/WF-2').expect(200)).body.name).toBe('测试事项WF-2（新）');
  });

  it('a stale version gets 409 and changes nothing', async () => {
    const d = await as(banshi, editor).post('/api/v1/admin/matters').send(matter('WF-3')).expect(201);
    await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-3/draft')
      .set('if-match', '1')
      .send(matter('WF-3', { name: '第一次' }))
      .expect(200);
    const before = await banshi.sql(`SELECT payload, version FROM revisions WHERE code = 'WF-3'`);
    const auditBefore = await banshi.sql(`SELECT count(*)::int AS n FROM audit_log`);
    const stale = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-3/draft')
      .set('if-match', String(d.body.version))
      .send(matter('WF-3', { name: '第二次' }))
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 2 } });
    await as(banshi, editor).post('/api/v1/admin/matters/WF-3/submit').set('if-match', '1').expect(409);
    await as(banshi, editor).put('/api/v1/admin/matters/WF-3/draft').send(matter('WF-3')).expect(428);
    expect(await banshi.sql(`SELECT payload, version FROM revisions WHERE code = 'WF-3'`)).toEqual(before);
    expect(await banshi.sql(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(auditBefore);
  });

  it('return with a reason, edit, resubmit; withdraw; wrong-state transitions are refused', async () => {
    await as(banshi, editor).post('/api/v1/admin/matters').send(matter('WF-4')).expect(201);
    await as(banshi, editor).post('/api/v1/admin/matters/WF-4/submit').set('if-match', '1').expect(200);
    await as(banshi, reviewer).post('/api/v1/admin/matters/WF-4/return').set('if-match', '2').send({}).expect(400);
    const returned = await as(banshi, reviewer).post('/api/v1/admin/matters/WF-4/return').set('if-match', '2').send({ reason: '材料清单不全' }).expect(200);
    expect(returned.body).toMatchObject({ state: 'returned', returnReason: '材料清单不全' });
    await as(banshi, reviewer).post('/api/v1/admin/matters/WF-4/publish').set('if-match', '3').send({}).expect(409);
    const edited = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-4/draft')
      .set('if-match', '3')
      .send(
        matter('WF-4', {
          materials: [
            { name: '居民身份证', copies: 1 },
            { name: '户口簿', copies: 1 },
          ],
        }),
      )
      .expect(200);
    expect(edited.body.state).toBe('draft');
    const again = await as(banshi, editor).post('/api/v1/admin/matters/WF-4/submit').set('if-match', String(edited.body.version)).expect(200);
    const withdrawn = await as(banshi, editor).post('/api/v1/admin/matters/WF-4/withdraw').set('if-match', String(again.body.version)).expect(200);
    expect(withdrawn.body.state).toBe('draft');
    await as(banshi, editor).delete('/api/v1/admin/matters/WF-4/draft').set('if-match', String(withdrawn.body.version)).expect(204);
    await as(banshi, editor).get('/api/v1/admin/matters/WF-4').expect(404);
  });

  it('history keeps every published version, diffs them field by field (materials, fees) and restores one as a draft', async () => {
    const v1 = matter('WF-5', { charged: true, fees: [{ name: '工本费', standard: '20元/证', basis: '《收费标准》' }] });
    await publish('WF-5', v1);
    const rec = await as(banshi, editor).get('/api/v1/admin/matters/WF-5').expect(200);
    const v2 = { ...v1, fees: [{ name: '工本费', standard: '10元/证', basis: '《收费标准》' }], materials: [{ name: '居民身份证', copies: 2 }] };
    const d = await as(banshi, editor).put('/api/v1/admin/matters/WF-5/draft').set('if-match', String(rec.body.published.version)).send(v2).expect(200);
    const s = await as(banshi, editor).post('/api/v1/admin/matters/WF-5/submit').set('if-match', String(d.body.version)).expect(200);
    await as(banshi, reviewer).post('/api/v1/admin/matters/WF-5/publish').set('if-match', String(s.body.version)).send({}).expect(200);

    const history = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-5/history').expect(200);
    expect(history.body.map((h: { number: number }) => h.number)).toEqual([2, 1]);
    const diff = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-5/diff?from=1&to=2').expect(200);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        { field: 'fees[工本费].standard', change: 'changed', before: '20元/证', after: '10元/证' },
        { field: 'materials[居民身份证].copies', change: 'changed', before: 1, after: 2 },
      ]),
    );
    const restored = await as(banshi, editor).post('/api/v1/admin/matters/WF-5/restore').send({ number: 1 }).expect(201);
    expect(restored.body).toMatchObject({ number: 3, state: 'draft' });
    expect(restored.body.payload.fees[0].standard).toBe('20元/证');
    expect((await banshi.http().get('/api/v1/matters/WF-5').expect(200)).body.fees[0].standard).toBe('10元/证');
  });

  it('archive takes a record out of public view with a reason citizens see (410) and out of search', async () => {
    await publish('WF-6', matter('WF-6', { name: '麒麟饲养登记' }));
    await eventually(async () => (await search('麒麟饲养登记')).body.hits?.some((h: { code: string }) => h.code === 'WF-6'), 30_000, 'indexed');
    const rec = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-6').expect(200);
    await as(banshi, editor)
      .post('/api/v1/admin/matters/WF-6/archive')
      .set('if-match', String(rec.body.published.version))
      .send({ reason: '该事项已取消' })
      .expect(403);
    await as(banshi, reviewer)
      .post('/api/v1/admin/matters/WF-6/archive')
      .set('if-match', String(rec.body.published.version))
      .send({ reason: '该事项已取消' })
      .expect(204);
    const gone = await banshi.http().get('/api/v1/matters/WF-6').expect(410);
    expect(gone.body).toMatchObject({ code: 'MATTER_ARCHIVED', details: { archiveReason: '该事项已取消' } });
    await eventually(async () => !(await search('麒麟饲养登记')).body.hits?.some((h: { code: string }) => h.code === 'WF-6'), 30_000, 'removed from index');
  });

  it('scheduled effective-from and effective-to take effect on time', async () => {
    await as(banshi, editor).post('/api/v1/admin/matters').send(matter('WF-7')).expect(201);
    await as(banshi, editor).post('/api/v1/admin/matters/WF-7/submit').set('if-match', '1').expect(200);
    // Far-off times, then moved into the past through SQL: no sleeping on the wall clock, and "not before its time"
    // is checked with an hour to spare rather than a few hundred milliseconds.
    const from = new Date(Date.now() + 3_600_000);
    const to = new Date(Date.now() + 7_200_000);
    const scheduled = await as(banshi, reviewer)
      .post('/api/v1/admin/matters/WF-7/publish')
      .set('if-match', '2')
      .send({ effectiveFrom: from.toISOString(), effectiveTo: to.toISOString() })
      .expect(200);
    expect(scheduled.body.state).toBe('scheduled');
    const revision = `kind = 'matters' AND code = 'WF-7' AND effective_from IS NOT NULL`;
    await new Promise((r) => setTimeout(r, 1000)); // several scheduler ticks (WORKFLOW_TICK_MS=200): still not due
    await banshi.http().get('/api/v1/matters/WF-7').expect(404);
    await banshi.sql(`UPDATE revisions SET effective_from = now() - interval '1 second' WHERE ${revision}`);
    await eventually(async () => (await banshi.http().get('/api/v1/matters/WF-7')).status === 200, 10_000, 'published when due');
    await banshi.http().get('/api/v1/matters/WF-7').expect(200); // effectiveTo is still an hour away
    await banshi.sql(`UPDATE revisions SET effective_to = now() - interval '1 second' WHERE ${revision}`);
    await eventually(async () => (await banshi.http().get('/api/v1/matters/WF-7')).status === 410, 10_000, 'archived when due');
  });

  it('refuses fields a client must not set, a department change, and rule violations — field by field, in Chinese', async () => {
    // read-only fields (what a read returns) are ignored, not stored and not refused; anything else unknown is refused
    const readOnly = { id: 'x', status: 'published', version: 3, archiveReason: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
    const ignored = await as(banshi, editor).post('/api/v1/admin/matters').send(matter('WF-8R', readOnly)).expect(201);
    expect(ignored.body).toMatchObject({ state: 'draft', version: 1 });
    for (const key of Object.keys(readOnly)) expect(ignored.body.payload).not.toHaveProperty(key);
    const before = await banshi.sql(`SELECT count(*)::int AS n FROM revisions`);
    for (const extra of [{ state: 'published' }, { number: 3 }, { createdBy: 'x' }]) {
      const r = await as(banshi, editor).post('/api/v1/admin/matters').send(matter('WF-8', extra)).expect(400);
      expect(r.body.details[0].field).toBe(Object.keys(extra)[0]);
    }
    const rule = await as(banshi, editor)
      .post('/api/v1/admin/matters')
      .send(matter('WF-8', { charged: true }))
      .expect(400);
    expect(rule.body.details).toEqual([{ field: 'fees', message: '收费事项必须至少列出一个收费项目' }]);
    const limit = await as(banshi, editor)
      .post('/api/v1/admin/matters')
      .send(matter('WF-8', { promisedLimit: { value: 30, unit: '工作日' } }))
      .expect(400);
    expect(limit.body.details.map((d: { field: string }) => d.field)).toContain('promisedLimit.value');
    expect(limit.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await banshi.sql(`SELECT count(*)::int AS n FROM revisions`)).toEqual(before);

    await publish('WF-9');
    const rec = await as(banshi, editor).get('/api/v1/admin/matters/WF-9').expect(200);
    const moved = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-9/draft')
      .set('if-match', String(rec.body.published.version))
      .send(matter('WF-9', { departmentCode: 'WF-B' }))
      .expect(400);
    expect(moved.body.details[0].field).toBe('departmentCode');
  });

  it('batch: a reviewer publishes many submitted drafts at once — all or nothing', async () => {
    const codes = ['WF-B1', 'WF-B2', 'WF-B3'];
    const versions: Record<string, number> = {};
    for (const code of codes) {
      await as(banshi, editor).post('/api/v1/admin/matters').send(matter(code)).expect(201);
      versions[code] = (await as(banshi, editor).post(`/api/v1/admin/matters/${code}/submit`).set('if-match', '1').expect(200)).body.version;
    }
    const items = codes.map((code) => ({ code, version: versions[code] }));
    // one stale version: nothing is published, the error names the item
    const before = await banshi.sql(`SELECT count(*)::int AS n FROM change_log`);
    const stale = await as(banshi, reviewer)
      .post('/api/v1/admin/matters/batch')
      .send({ action: 'publish', items: [items[0], { ...items[1], version: 1 }, items[2]] })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { item: 1, code: 'WF-B2' } });
    expect(await banshi.sql(`SELECT count(*)::int AS n FROM change_log`)).toEqual(before);
    await banshi.http().get('/api/v1/matters/WF-B1').expect(404);
    // an editor cannot publish in bulk either
    expect((await as(banshi, editor).post('/api/v1/admin/matters/batch').send({ action: 'publish', items }).expect(403)).body.details).toMatchObject({
      item: 0,
    });
    await as(banshi, reviewer).post('/api/v1/admin/matters/batch').send({ action: 'return', items }).expect(400); // a return needs a reason
    const done = await as(banshi, reviewer).post('/api/v1/admin/matters/batch').send({ action: 'publish', items }).expect(200);
    expect(done.body.items.map((i: { state: string }) => i.state)).toEqual(['published', 'published', 'published']);
    for (const code of codes) await banshi.http().get(`/api/v1/matters/${code}`).expect(200);
  });

  it('history shows exactly what happened, numbered with the public version the API and the change feed show (issue 9: phantom revision)', async () => {
    // charged: false is the default the export leaves out — it used to make the first edit insert a phantom "published" #2.
    await publish('WF-P', matter('WF-P', { charged: false }));
    const versions = async () => ({
      history: (await as(banshi, reviewer).get('/api/v1/admin/matters/WF-P/history').expect(200)).body.map((h: { number: number }) => h.number),
      public: (await banshi.http().get('/api/v1/matters/WF-P').expect(200)).body.version,
      feed: (await banshi.sql<{ version: number }>(`SELECT version FROM change_log WHERE entity_code = 'WF-P' ORDER BY id DESC LIMIT 1`))[0].version,
    });
    expect(await versions()).toEqual({ history: [1], public: 1, feed: 1 });

    const rec = await as(banshi, editor).get('/api/v1/admin/matters/WF-P').expect(200);
    const draft = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-P/draft')
      .set('if-match', String(rec.body.published.version))
      .send(matter('WF-P', { charged: false, name: '测试事项WF-P（改）' }))
      .expect(200);
    expect(draft.body.number).toBe(2); // the version publishing it will make
    expect((await versions()).history).toEqual([1]); // editing publishes nothing
    const pending = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-P/diff?from=1&to=2').expect(200);
    expect(pending.body.changes).toEqual([{ field: 'name', change: 'changed', before: '测试事项WF-P', after: '测试事项WF-P（改）' }]);

    const s = await as(banshi, editor).post('/api/v1/admin/matters/WF-P/submit').set('if-match', String(draft.body.version)).expect(200);
    await as(banshi, reviewer).post('/api/v1/admin/matters/WF-P/publish').set('if-match', String(s.body.version)).send({}).expect(200);
    expect(await versions()).toEqual({ history: [2, 1], public: 2, feed: 2 });
    const diff = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-P/diff?from=1&to=2').expect(200);
    expect(diff.body.changes).toEqual([{ field: 'name', change: 'changed', before: '测试事项WF-P', after: '测试事项WF-P（改）' }]);
    const audit = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ objectId: 'WF-P', limit: 50 }).expect(200);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'matter.publish')).toHaveLength(2); // one per history entry

    // A change made outside the workflow (an operations import) is kept in history under its own public version.
    await banshi.sql(`UPDATE service_matters SET conditions = '年满十六周岁' WHERE code = 'WF-P'`);
    const now = await as(banshi, editor).get('/api/v1/admin/matters/WF-P').expect(200);
    expect(now.body.published.version).toBe(3);
    const next = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-P/draft')
      .set('if-match', '3')
      .send({ ...now.body.published.record, name: '测试事项WF-P（再改）' })
      .expect(200);
    expect(next.body.number).toBe(4);
    expect((await versions()).history).toEqual([3, 2, 1]);
    const outside = await as(banshi, reviewer).get('/api/v1/admin/matters/WF-P/diff?from=2&to=3').expect(200);
    expect(outside.body.changes).toEqual([{ field: 'conditions', change: 'added', after: '年满十六周岁' }]);
  });

  it('round trip: a record as GET or the export returns it is PUT back unchanged — accepted, and the draft equals the record', async () => {
    await as(banshi, staff.sysadmin)
      .post('/api/v1/admin/service-locations')
      .send({ code: 'RT-L', name: '往返测试大厅', level: '分中心', departmentCode: 'WF-A', address: '北镇市往返路 1 号', windows: ['1号窗口'] })
      .expect(201);
    await publish('RT-M', matter('RT-M', { locations: [{ locationCode: 'RT-L', window: '1号窗口' }], keywords: ['往返'], charged: false }));
    await publish('RT-M2', matter('RT-M2'));
    for (const [kind, body] of [
      [
        'guides',
        {
          code: 'RT-G',
          title: '往返测试指南',
          departmentCode: 'WF-A',
          list: 'compliance',
          matterCode: 'RT-M',
          materials: ['居民身份证'],
          contact: { phone: '0416-1234567' },
        },
      ],
      ['bundles', { code: 'RT-B', name: '往返一件事', departmentCode: 'WF-A', matterCodes: ['RT-M', 'RT-M2'], lifeStages: ['出行'] }],
    ] as const) {
      const d = await as(banshi, editor).post(`/api/v1/admin/${kind}`).send(body).expect(201);
      const s = await as(banshi, editor).post(`/api/v1/admin/${kind}/${body.code}/submit`).set('if-match', String(d.body.version)).expect(200);
      await as(banshi, reviewer).post(`/api/v1/admin/${kind}/${body.code}/publish`).set('if-match', String(s.body.version)).send({}).expect(200);
    }
    // content: the staff view (with the view's read-only fields added), then the export with its status
    const exported = (await banshi.http().get('/api/v1/export').query({ format: 'json', departmentCode: 'WF-A' }).expect(200)).body;
    for (const [kind, code] of [
      ['matters', 'RT-M'],
      ['guides', 'RT-G'],
      ['bundles', 'RT-B'],
    ] as const) {
      const view = (await as(banshi, editor).get(`/api/v1/admin/${kind}/${code}`).expect(200)).body;
      const { version, status, updatedAt, record } = view.published;
      const draft = await as(banshi, editor)
        .put(`/api/v1/admin/${kind}/${code}/draft`)
        .set('if-match', String(version))
        .send({ ...record, status, version, updatedAt })
        .expect(200);
      expect(draft.body.payload).toEqual(record);
      const fromExport = exported[kind].find((r: { code: string }) => r.code === code);
      expect(fromExport).toMatchObject({ status: 'published' });
      const again = await as(banshi, editor)
        .put(`/api/v1/admin/${kind}/${code}/draft`)
        .set('if-match', String(draft.body.version))
        .send(fromExport)
        .expect(200);
      const { status: _s, ...exportedRecord } = fromExport;
      expect(again.body.payload).toEqual(exportedRecord);
      expect(exportedRecord).toEqual(record);
      await as(banshi, editor).delete(`/api/v1/admin/${kind}/${code}/draft`).set('if-match', String(again.body.version)).expect(204);
    }
    // reference data: saved at once, so sending it back unchanged changes nothing at all
    for (const [path, code, table] of [
      ['departments', 'WF-A', 'departments'],
      ['service-locations', 'RT-L', 'service_locations'],
    ] as const) {
      const got = (await as(banshi, staff.sysadmin).get(`/api/v1/admin/${path}/${code}`).expect(200)).body;
      expect(got.record).toMatchObject({ code, status: 'published' });
      const feed = await banshi.sql(`SELECT count(*)::int AS n FROM change_log`);
      const put = await as(banshi, staff.sysadmin)
        .put(`/api/v1/admin/${path}/${code}`)
        .set('if-match', String(got.version))
        .send({ ...got.record, version: got.version })
        .expect(200);
      expect(put.body.version).toBe(got.version);
      expect(await banshi.sql(`SELECT count(*)::int AS n FROM change_log`)).toEqual(feed);
      expect((await as(banshi, staff.sysadmin).get(`/api/v1/admin/${path}/${code}`).expect(200)).body).toEqual(got);
      expect((await banshi.sql<{ version: number }>(`SELECT version FROM ${table} WHERE code = $1`, [code]))[0].version).toBe(got.version);
    }
  });

  it('a department or place named like a published one is refused (409 NAME_TAKEN) and nothing changes (issue 9: duplicates of reference data)', async () => {
    await as(banshi, staff.sysadmin).post('/api/v1/admin/service-locations').send({ code: 'DUP-L', name: '重名测试大厅', level: '分中心' }).expect(201);
    const before = await banshi.sql(
      `SELECT (SELECT count(*) FROM change_log)::int AS changes, (SELECT count(*) FROM departments)::int AS d, (SELECT count(*) FROM service_locations)::int AS l`,
    );
    const dept = await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'WF-A2', name: ' 部门WF-A ' }).expect(409);
    expect(dept.body).toMatchObject({ code: 'NAME_TAKEN', details: [{ field: 'name', message: expect.stringContaining('WF-A') }] });
    expect(dept.body.message).toContain('WF-A');
    const place = await as(banshi, staff.sysadmin)
      .post('/api/v1/admin/service-locations')
      .send({ code: 'DUP-L2', name: '重名测试大厅', level: '分中心' })
      .expect(409);
    expect(place.body.code).toBe('NAME_TAKEN');
    // renaming onto a published name is the same mistake
    const b = (await as(banshi, staff.sysadmin).get('/api/v1/admin/departments/WF-B').expect(200)).body;
    await as(banshi, staff.sysadmin)
      .put('/api/v1/admin/departments/WF-B')
      .set('if-match', String(b.version))
      .send({ ...b.record, name: '部门WF-A' })
      .expect(409);
    expect(
      await banshi.sql(
        `SELECT (SELECT count(*) FROM change_log)::int AS changes, (SELECT count(*) FROM departments)::int AS d, (SELECT count(*) FROM service_locations)::int AS l`,
      ),
    ).toEqual(before);
    // saving a record under its own name, and a name that is not taken, are fine
    await as(banshi, staff.sysadmin)
      .put('/api/v1/admin/departments/WF-B')
      .set('if-match', String(b.version))
      .send({ ...b.record, phone: '0416-7654321' })
      .expect(200);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'WF-A2', name: '部门WF-A（二部）' }).expect(201);
  });

  it('completeness: a draft may be incomplete, but submit, publish and import-with-submit list every missing field (422 INCOMPLETE)', async () => {
    const bare = { code: 'WF-C', name: '测试事项WF-C', departmentCode: 'WF-A', matterType: '20' };
    const d = await as(banshi, editor).post('/api/v1/admin/matters').send(bare).expect(201); // drafts may stay incomplete
    const before = await banshi.sql(`SELECT state, version FROM revisions WHERE code = 'WF-C'`);
    const refused = await as(banshi, editor).post('/api/v1/admin/matters/WF-C/submit').set('if-match', String(d.body.version)).expect(422);
    expect(refused.body.code).toBe('INCOMPLETE');
    expect(refused.body.details.map((p: { field: string }) => p.field)).toEqual([
      'materials',
      'locations',
      'promisedLimit.value',
      'onSiteVisits',
      'consult.phone',
      'complaint.phone',
    ]);
    expect(refused.body.details.every((p: { message: string }) => /[\u4e00-\u9fa5]/.test(p.message))).toBe(true);
    expect(await banshi.sql(`SELECT state, version FROM revisions WHERE code = 'WF-C'`)).toEqual(before);
    // the batch refuses it too, naming the item
    const batch = await as(banshi, editor)
      .post('/api/v1/admin/matters/batch')
      .send({ action: 'submit', items: [{ code: 'WF-C', version: d.body.version }] })
      .expect(422);
    expect(batch.body).toMatchObject({ code: 'INCOMPLETE', details: { item: 0, code: 'WF-C' } });
    // a matter handled only online needs no place; completed, it goes through
    const fixed = await as(banshi, editor)
      .put('/api/v1/admin/matters/WF-C/draft')
      .set('if-match', String(d.body.version))
      .send({
        ...bare,
        materials: [{ name: '营业执照' }],
        handlingForms: ['2'],
        mobileUrl: 'https://m.example.com/wf-c',
        promisedLimit: { value: 0 },
        caseType: '1',
        onSiteVisits: 0,
        consult: { phone: '0416-1111111' },
        complaint: { phone: '12345' },
      })
      .expect(200);
    await as(banshi, editor).post('/api/v1/admin/matters/WF-C/submit').set('if-match', String(fixed.body.version)).expect(200);
    // guides: whom to go to; a 违规禁办 entry needs the conduct it prohibits
    await as(banshi, editor).post('/api/v1/admin/guides').send({ code: 'WF-CG', title: '违规禁办', departmentCode: 'WF-A', list: 'prohibited' }).expect(201);
    const guide = await as(banshi, editor).post('/api/v1/admin/guides/WF-CG/submit').set('if-match', '1').expect(422);
    expect(guide.body.details).toEqual([{ field: 'prohibitedConduct', message: '违规禁办事项必须列出禁止的行为' }]);
    // the staff import that submits refuses incomplete records; as drafts they are accepted
    const file = JSON.stringify({ format: 'banshi-exchange', version: 1, matters: [{ ...bare, code: 'WF-CI' }] });
    const imp = await as(banshi, editor).post('/api/v1/admin/import?submit=true').set('content-type', 'application/json').send(file).expect(422);
    expect(imp.body.details.problems.map((p: { field: string }) => p.field)).toContain('consult.phone');
    await banshi.http().get('/api/v1/matters/WF-CI').expect(404);
    expect(await banshi.sql(`SELECT count(*)::int AS n FROM revisions WHERE code = 'WF-CI'`)).toEqual([{ n: 0 }]);
    await as(banshi, editor).post('/api/v1/admin/import').set('content-type', 'application/json').send(file).expect(200);
  });
});
