import { as, Staff } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/**
 * Two app instances on one database (issue 14): rate limits count across instances when RATE_LIMIT_STORE=postgres,
 * and a revocation made through one instance reaches the other at once (LISTEN/NOTIFY), not after its cache expires.
 */
describe('several app instances', () => {
  let a: Banshi;
  let b: Banshi;
  let staff: Staff;

  beforeAll(async () => {
    const shared = { RATE_LIMIT_STORE: 'postgres', PUBLIC_RATE_LIMIT: '10' };
    a = await startBanshi(shared);
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
});
