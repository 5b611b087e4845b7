import { matterBody } from './setup/catalogue-fixtures';
import { as, Staff } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/**
 * Two app instances on one database (issue 14): rate limits count across instances when RATE_LIMIT_STORE=postgres,
 * a revocation made through one instance reaches the other at once (LISTEN/NOTIFY), not after its cache expires, and
 * background jobs follow BACKGROUND_JOBS, not SEARCH_SYNC.
 */
describe('several app instances', () => {
  let a: Banshi;
  let b: Banshi;
  let staff: Staff;

  beforeAll(async () => {
    const shared = { RATE_LIMIT_STORE: 'postgres', PUBLIC_RATE_LIMIT: '10' };
    // a runs the search relay but no background jobs; b runs the background jobs but no relay.
    a = await startBanshi({ ...shared, BACKGROUND_JOBS: 'off' });
    b = await startBanshi({ ...shared, DATABASE_URL: a.databaseUrl, MEILI_INDEX_PREFIX: a.indexPrefix, SEARCH_SYNC: 'off' });
    staff = await Staff.bootstrap(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('the public limit holds for both instances together', async () => {
    // Start-up probes may have used some of the 10; the first answer says how many are left.
    const first = await a.http().get('/api/v1/code-lists').expect(200);
    const left = Number(/r=(\d+)/.exec(String(first.headers['ratelimit']))![1]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await b.http().get('/api/v1/code-lists')).status);
      statuses.push((await a.http().get('/api/v1/code-lists')).status);
    }
    // One client, two instances, one limit: exactly what was left is served (per-instance counters would serve all 14).
    expect(statuses.filter((s) => s === 200)).toHaveLength(left);
    expect(statuses.filter((s) => s === 429)).toHaveLength(14 - left);
    const refused = await b.http().get('/api/v1/code-lists').expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an API key revoked through one instance is refused by the other at once', async () => {
    const { body } = await as(a, staff.secadmin).post('/api/v1/admin/api-keys').send({ name: '跨实例', scopes: [] }).expect(201);
    // First use on b just now: b has looked the key up and caches it for 5 s.
    await b.http().get('/api/v1/matters').set('x-api-key', body.key).expect(200);
    const revokedAt = Date.now();
    await as(a, staff.secadmin).post(`/api/v1/admin/api-keys/${body.apiKey.id}/revoke`).expect(200);
    await eventually(async () => (await b.http().get('/api/v1/matters').set('x-api-key', body.key)).status === 401, 10_000, 'revocation on b');
    // Well inside the 5 s b would otherwise have trusted its cached copy.
    expect(Date.now() - revokedAt).toBeLessThan(4000);
  });

  it('a scheduled publication is applied by the instance with BACKGROUND_JOBS on, although its SEARCH_SYNC is off', async () => {
    await as(a, staff.sysadmin).post('/api/v1/admin/departments').send({ code: 'CL-A', name: '集群测试部门' }).expect(201);
    const editor = await staff.create('cluster.editor', 'editor', ['CL-A']);
    const reviewer = await staff.create('cluster.reviewer', 'reviewer');
    await as(a, editor).post('/api/v1/admin/matters').send(matterBody('CL-1', 'CL-A')).expect(201);
    await as(a, editor).post('/api/v1/admin/matters/CL-1/submit').set('if-match', '1').expect(200);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await as(a, reviewer).post('/api/v1/admin/matters/CL-1/publish').set('if-match', '2').send({ effectiveFrom: inAnHour }).expect(200);
    expect(scheduled.body.state).toBe('scheduled');
    const published = async () => (await a.sql(`SELECT 1 FROM service_matters WHERE code = 'CL-1' AND status = 'published'`)).length > 0;
    // With b stopped, a (jobs off) leaves it alone although it is due (made due through SQL, no waiting on the clock) …
    await b.stop();
    await a.sql(`UPDATE revisions SET effective_from = now() - interval '1 second' WHERE kind = 'matters' AND code = 'CL-1' AND effective_from IS NOT NULL`);
    await new Promise((r) => setTimeout(r, 1500)); // several of a's would-be ticks (WORKFLOW_TICK_MS=200)
    expect(await published()).toBe(false);
    // … and b, back, applies it.
    await b.restart();
    await eventually(published, 20_000, 'published by b');
  });
});
