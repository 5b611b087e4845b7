import { as, Staff } from './setup/staff';
import { Banshi, startBanshi } from './setup/test-app';

/** The audit trail: completeness, append-only storage, tamper detection, and the auditor's query and export. */
describe('audit trail', () => {
  let banshi: Banshi;
  let staff: Staff;

  beforeAll(async () => {
    banshi = await startBanshi();
    staff = await Staff.bootstrap(banshi);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'AU-A', name: '审计测试部门' }).expect(201);
    const editor = await staff.create('audit.editor', 'editor', ['AU-A']);
    await as(banshi, editor).post('/api/v1/admin/matters').send({ code: 'AU-1', name: '审计测试事项', departmentCode: 'AU-A', matterType: '01' }).expect(201);
    await as(banshi, editor).get('/api/v1/admin/audit').expect(403); // a denied access, audited too
  });
  afterAll(() => banshi?.close());

  it('records sign-ins, account and role changes, writes and denials with time, user, role, IP, request id and result', async () => {
    const rows = await banshi.sql<Record<string, unknown>>(`SELECT * FROM audit_log ORDER BY id`);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'account.bootstrap',
        'auth.sign-in',
        'auth.change-password',
        'department.create',
        'account.create',
        'account.assign-role',
        'matter.create',
        'access.denied',
      ]),
    );
    const create = rows.find((r) => r.action === 'matter.create')!;
    expect(create).toMatchObject({ actor_login: 'audit.editor', actor_role: 'editor', object_type: 'matters', object_id: 'AU-1', result: 'success' });
    expect(create.ip).toMatch(/127\.0\.0\.1/);
    expect(create.request_id).toBeTruthy();
    const denied = rows.find((r) => r.action === 'access.denied')!;
    expect(denied).toMatchObject({ actor_login: 'audit.editor', result: 'denied', object_id: 'GET /api/v1/admin/audit' });
  });

  it('the request id of an audited request is the one returned in X-Request-Id', async () => {
    const res = await as(banshi, staff.sysadmin)
      .post('/api/v1/admin/departments')
      .set('x-request-id', 'trace-abc-123')
      .send({ code: 'AU-B', name: '第二个部门' })
      .expect(201);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const [row] = await banshi.sql(`SELECT request_id FROM audit_log WHERE action = 'department.create' AND object_id = 'AU-B'`);
    expect(row.request_id).toBe('trace-abc-123');
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(banshi.sql(`UPDATE audit_log SET actor_login = 'someone' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(banshi.sql(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(banshi.sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    // records older than the 6-month retention floor may be removed; younger ones never
    await expect(banshi.sql(`DELETE FROM audit_log WHERE at > now() - interval '1 day'`)).rejects.toThrow(/append-only/);
  });

  it('a change whose audit record cannot be written is rolled back', async () => {
    await banshi.sql(`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.action = 'department.create' THEN RAISE EXCEPTION 'audit storage unavailable'; END IF; RETURN NEW; END $$`);
    await banshi.sql(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()`);
    const changes = await banshi.sql(`SELECT count(*)::int AS n FROM change_log`);
    try {
      const res = await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'AU-C', name: '不该存在' });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(res.body)).not.toMatch(/audit storage|INSERT|audit_log/);
      expect(await banshi.sql(`SELECT 1 FROM departments WHERE code = 'AU-C'`)).toEqual([]);
      expect(await banshi.sql(`SELECT count(*)::int AS n FROM change_log`)).toEqual(changes);
    } finally {
      await banshi.sql(`DROP TRIGGER fail_audit ON audit_log`);
    }
  });

  it('the auditor queries by user, action, object and time, and exports; both acts are audited', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const q = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ actorLogin: 'audit.editor', action: 'matter.', from: since }).expect(200);
    expect(q.body.items.map((i: { action: string }) => i.action)).toEqual(['matter.create']);
    const byObject = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ objectId: 'AU-1' }).expect(200);
    expect(byObject.body.total).toBe(1);
    const future = await as(banshi, staff.auditor)
      .get('/api/v1/admin/audit')
      .query({ from: new Date(Date.now() + 3600_000).toISOString() })
      .expect(200);
    expect(future.body.total).toBe(0);
    await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ from: 'yesterday' }).expect(400);

    const nd = await as(banshi, staff.auditor).get('/api/v1/admin/audit/export').query({ format: 'ndjson' }).expect(200);
    const lines = nd.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[0]).toHaveProperty('hash');
    const csv = await as(banshi, staff.auditor).get('/api/v1/admin/audit/export').query({ format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFid,at,actorLogin,actorRole,ip,requestId,action,objectType,objectId,result,details,hash');
    const acts = await banshi.sql(`SELECT action FROM audit_log WHERE actor_login = 'auditor' AND action LIKE 'audit.%'`);
    expect(acts.map((a) => a.action)).toEqual(expect.arrayContaining(['audit.query', 'audit.export']));
  });

  it('detects a record altered, removed or inserted directly in SQL (API and npm run audit:verify)', async () => {
    const ok = await as(banshi, staff.auditor).get('/api/v1/admin/audit/verify').expect(200);
    expect(ok.body).toMatchObject({ ok: true, problems: [] });
    expect(banshi.cli('audit-verify').status).toBe(0);

    const [target] = await banshi.sql<{ id: string }>(`SELECT id FROM audit_log WHERE action = 'matter.create'`);
    await banshi.sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await banshi.sql(`UPDATE audit_log SET actor_login = 'innocent' WHERE id = $1`, [target.id]);
    await banshi.sql(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);

    const broken = await as(banshi, staff.auditor).get('/api/v1/admin/audit/verify').expect(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.problems).toEqual([{ id: target.id, problem: expect.stringContaining('内容与哈希不符') }]);
    const cli = banshi.cli('audit-verify');
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`id ${target.id}`);
  });
});
