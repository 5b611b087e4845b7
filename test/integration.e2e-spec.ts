import { as, Staff } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/** Client systems: API keys (scopes, expiry, revocation, header only, own rate limit, usage) and their endpoints. */
describe('API keys for client systems', () => {
  let banshi: Banshi;
  let staff: Staff;

  const newKey = async (body: Record<string, unknown>) =>
    (await as(banshi, staff.secadmin).post('/api/v1/admin/api-keys').send(body).expect(201)).body as { key: string; apiKey: { id: string; prefix: string } };

  beforeAll(async () => {
    banshi = await startBanshi({ PUBLIC_RATE_LIMIT: '20' });
    staff = await Staff.bootstrap(banshi);
    for (const code of ['KEY-A', 'KEY-B'])
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/departments')
        .send({ code, name: `部门${code}` })
        .expect(201);
    const editor = await staff.create('key.editor', 'editor', ['KEY-A', 'KEY-B']);
    for (const [code, dept] of [
      ['KEY-M-A', 'KEY-A'],
      ['KEY-M-B', 'KEY-B'],
    ]) {
      await as(banshi, editor)
        .post('/api/v1/admin/matters')
        .send({ code, name: `草稿${code}`, departmentCode: dept, matterType: '01' })
        .expect(201);
    }
  });
  afterAll(() => banshi?.close());

  it('only the security administrator creates keys (not the system administrator); the key is shown once and stored hashed', async () => {
    const reviewer = await staff.create('key.reviewer', 'reviewer');
    await as(banshi, reviewer).post('/api/v1/admin/api-keys').send({ name: 'x', scopes: [] }).expect(403);
    await as(banshi, staff.sysadmin)
      .post('/api/v1/admin/api-keys')
      .send({ name: 'x', scopes: ['read:drafts'], departmentCodes: ['KEY-A'] })
      .expect(403);
    const { key, apiKey } = await newKey({ name: '12345 热线', scopes: [] });
    expect(key).toMatch(/^bsk_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const list = await as(banshi, staff.secadmin).get('/api/v1/admin/api-keys').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(await banshi.sql(`SELECT * FROM api_keys`))).not.toContain(key);
    expect(list.body[0]).toMatchObject({ name: '12345 热线', scopes: ['read:published'], active: true });
    await as(banshi, staff.secadmin)
      .post('/api/v1/admin/api-keys')
      .send({ name: 'bad', scopes: ['read:drafts'] })
      .expect(400);
    await as(banshi, staff.secadmin)
      .post('/api/v1/admin/api-keys')
      .send({ name: 'bad', scopes: ['admin:all'] })
      .expect(400);
  });

  it('refuses a key in the query string, and an unknown key', async () => {
    const { key } = await newKey({ name: 'query', scopes: [] });
    const q = await banshi.http().get(`/api/v1/matters?api_key=${key}`).expect(400);
    expect(q.body.code).toBe('API_KEY_IN_QUERY');
    await banshi.http().get('/api/v1/matters?apiKey=x').expect(400);
    expect((await banshi.http().get('/api/v1/matters').set('x-api-key', 'bsk_nope').expect(401)).body.code).toBe('API_KEY_INVALID');
    await banshi.http().get('/api/v1/matters').set('x-api-key', key).expect(200);
  });

  it('scopes: drafts only of the named departments, import only with write:import', async () => {
    const reader = (await newKey({ name: '省平台', scopes: ['read:drafts'], departmentCodes: ['KEY-A'] })).key;
    const published = (await newKey({ name: '小程序', scopes: [] })).key;
    const drafts = await banshi.http().get('/api/v1/integration/drafts/matters').set('x-api-key', reader).expect(200);
    expect(drafts.body.items.map((i: { code: string }) => i.code)).toEqual(['KEY-M-A']);
    expect(drafts.body.items[0].payload.name).toBe('草稿KEY-M-A');
    expect(drafts.headers['cache-control']).toBe('no-store'); // drafts must never sit in a shared cache
    expect((await banshi.http().get('/api/v1/integration/drafts/matters').set('x-api-key', published).expect(403)).body.code).toBe('API_KEY_SCOPE');
    await banshi.http().get('/api/v1/integration/drafts/matters').expect(401);
    await banshi.http().post('/api/v1/integration/import').set('x-api-key', reader).set('content-type', 'application/json').send('{}').expect(403);
    await banshi.http().get('/api/v1/admin/matters').set('x-api-key', reader).expect(401); // staff routes take no keys

    const writer = (await newKey({ name: '部门系统', scopes: ['write:import'], departmentCodes: ['KEY-A'] })).key;
    const doc = (dept: string) =>
      JSON.stringify({
        format: 'banshi-exchange',
        version: 1,
        matters: [{ code: `KEY-IMP-${dept}`, name: '对接导入', departmentCode: dept, matterType: '01' }],
      });
    await banshi.http().post('/api/v1/integration/import').set('x-api-key', writer).set('content-type', 'application/json').send(doc('KEY-A')).expect(200);
    await banshi.http().post('/api/v1/integration/import').set('x-api-key', writer).set('content-type', 'application/json').send(doc('KEY-B')).expect(403);
    const [row] = await banshi.sql(`SELECT actor_login, actor_role FROM audit_log WHERE action = 'catalogue.import' ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ actor_login: 'apikey:部门系统', actor_role: 'api-key' });
  });

  it('revoked and expired keys stop working', async () => {
    const { key, apiKey } = await newKey({ name: 'revoke', scopes: [] });
    await banshi.http().get('/api/v1/code-lists').set('x-api-key', key).expect(200);
    await as(banshi, staff.secadmin).post(`/api/v1/admin/api-keys/${apiKey.id}/revoke`).expect(200);
    await banshi.http().get('/api/v1/code-lists').set('x-api-key', key).expect(401);

    // Expiry without sleeping on the wall clock: the key expires when the database says so (lookups are cached ≤ 5 s).
    const soon = await newKey({ name: 'expiring', scopes: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await banshi.http().get('/api/v1/code-lists').set('x-api-key', soon.key).expect(200);
    await banshi.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [soon.apiKey.id]);
    await eventually(async () => (await banshi.http().get('/api/v1/code-lists').set('x-api-key', soon.key)).status === 401, 15_000, 'the expired key refused');
  });

  it('a key lifts the per-IP limit to its own, and its use is counted', async () => {
    const { key, apiKey } = await newKey({ name: 'busy', scopes: [], rateLimitPerMinute: 50 });
    let anonymous = 0;
    for (let i = 0; i < 25; i++) if ((await banshi.http().get('/api/v1/code-lists')).status === 429) anonymous++;
    expect(anonymous).toBeGreaterThan(0); // PUBLIC_RATE_LIMIT=20 per IP
    const statuses: number[] = [];
    for (let i = 0; i < 55; i++) statuses.push((await banshi.http().get('/api/v1/code-lists').set('x-api-key', key)).status);
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(50).every((s) => s === 429)).toBe(true);
    await eventually(
      async () => {
        const list = await as(banshi, staff.secadmin).get('/api/v1/admin/api-keys').expect(200);
        const k = list.body.find((x: { id: string }) => x.id === apiKey.id);
        return k.usageCount >= 50 && k.lastUsedAt;
      },
      15_000,
      'usage to be recorded',
    );
  });
});
