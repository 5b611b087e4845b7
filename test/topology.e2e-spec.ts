import { Client } from 'pg';
import { inBatches, prepare } from './setup/catalogue-fixtures';
import { as, signIn, Signed, Staff, TEST_PASSWORD } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';
import { Topology } from './setup/topology';

jest.setTimeout(240_000);

interface NodeState {
  name: string;
  up: boolean;
  inRotation: boolean;
  lagRows: number | null;
}

/**
 * Issue 14, shown on one machine: a Postgres primary with a streaming replica, two independent Meilisearch nodes, and
 * two app instances — `a` runs everything, `b` is public-only (SEARCH_SYNC=off, BACKGROUND_JOBS=off). Searches and
 * edits go through both; one Meilisearch node is SIGKILLed under load (no public request may fail, a client retry
 * allowed once), then restarted: it catches up alone and holds what Postgres holds. Limits and revocations hold
 * across the instances.
 */
describe('topology: primary + replica, two Meilisearch nodes, two app instances', () => {
  const topo = new Topology();
  let a: Banshi;
  let b: Banshi;
  let staff: Staff;
  let editor: Signed;
  let reviewer: Signed;
  const DEPT = 'TOPO';

  const ready = async (app: Banshi) =>
    (await app.http().get('/health/ready')).body as { meiliNodes: NodeState[]; readReplica: { lag: { bytes: number } | null } | null };

  beforeAll(async () => {
    await topo.startPrimary();
    await topo.startReplica();
    await topo.startMeili(0);
    await topo.startMeili(1);
    const shared = {
      DATABASE_URL: topo.primary!.url,
      DATABASE_READ_URL: topo.replica!.url,
      MEILI_URL: topo.meili.map((m) => m.url).join(','),
      MEILI_API_KEY: topo.meiliKey,
      MEILI_SEARCH_TIMEOUT_MS: '1500',
      RATE_LIMIT_STORE: 'postgres',
      SIGN_IN_ACCOUNT_RATE_LIMIT: '6',
    };
    a = await startBanshi(shared);
    b = await startBanshi({ ...shared, MEILI_INDEX_PREFIX: a.indexPrefix, SEARCH_SYNC: 'off', BACKGROUND_JOBS: 'off' });
    staff = await Staff.bootstrap(a);
    await as(a, staff.sysadmin).post('/api/v1/admin/departments').send({ code: DEPT, name: '拓扑测试局' }).expect(201);
    editor = await staff.create('topo.editor', 'editor', [DEPT]);
    reviewer = await staff.create('topo.reviewer', 'reviewer');
    await inBatches(
      Array.from({ length: 12 }, (_, i) => () => prepare(a, editor, reviewer, 'matters', `TOPO-${i + 1}`, DEPT, 'published')),
      4,
    );
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await topo.stop();
  });

  it('both Meilisearch nodes fill from the change log, each with its own relay, and both serve searches', async () => {
    await eventually(
      async () => {
        const nodes = (await ready(b)).meiliNodes;
        return nodes.length === 2 && nodes.every((n) => n.inRotation && n.lagRows === 0);
      },
      60_000,
      'both nodes in rotation',
    );
    for (const i of [0, 1]) expect((await topo.meiliDocuments(i, a.indexPrefix)).size).toBe(12);
    // The relays are led by a (b runs none): one leader per node, each with its own cursor row.
    const nodes = (await ready(a)).meiliNodes as (NodeState & { relayLeader: boolean })[];
    expect(nodes.map((n) => n.relayLeader)).toEqual([true, true]);
    const cursors = await a.sql<{ consumer: string }>(`SELECT consumer FROM search_sync_state ORDER BY consumer`);
    expect(cursors.map((c) => c.consumer)).toEqual([`index:${a.indexPrefix}_catalogue`, `index:${a.indexPrefix}_catalogue#2`]);
    const res = await b.http().get('/api/v1/search').query({ q: '测试事项TOPO-3' }).expect(200);
    expect(res.body.degraded).toBe(false);
    expect(res.body.hits.map((h: { code: string }) => h.code)).toContain('TOPO-3');
  });

  it('a node SIGKILLed under load fails no public request; restarted, it catches up alone and equals Postgres', async () => {
    let stop = false;
    const failures: string[] = [];
    let served = 0;
    let retried = 0;
    const search = async (app: Banshi, q: string) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await app
          .http()
          .get('/api/v1/search')
          .query({ q })
          .catch((e: Error) => ({ status: 0, body: { message: e.message } }));
        if (res.status === 200) return void served++;
        if (attempt === 0) retried++;
        else failures.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    };
    const load = Promise.all(
      [a, b, a, b].map(async (app, w) => {
        for (let i = 0; !stop; i++) await search(app, `测试事项TOPO-${((i + w) % 12) + 1}`);
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    await topo.killMeili(1);
    // Edits while node 2 is down: it must pick them up from its own cursor when it returns.
    await inBatches(
      Array.from({ length: 4 }, (_, i) => () => prepare(a, editor, reviewer, 'matters', `TOPO-NEW-${i + 1}`, DEPT, 'published')),
      2,
    );
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(20);
    // The in-app failover absorbs the kill: at most the requests in flight at that moment may need the client retry.
    expect(retried).toBeLessThanOrEqual(4);
    const down = (await ready(b)).meiliNodes;
    expect(down.map((n) => [n.name, n.up, n.inRotation])).toEqual([
      ['meili-1', true, true],
      ['meili-2', false, false],
    ]);
    // Searches during the outage still come from the index (the healthy node), not from the Postgres fallback.
    const during = await b.http().get('/api/v1/search').query({ q: '测试事项TOPO-NEW-2' }).expect(200);
    expect(during.body.degraded).toBe(false);

    await topo.startMeili(1);
    await eventually(
      async () => {
        const nodes = (await ready(a)).meiliNodes;
        return nodes[1].inRotation && nodes[1].lagRows === 0 && nodes[0].lagRows === 0;
      },
      60_000,
      'node 2 caught up',
    );
    const expected = new Map(
      (
        await a.sql<{ id: string; version: number }>(
          `SELECT 'matter-' || id AS id, version FROM service_matters WHERE status = 'published' AND department_id = (SELECT id FROM departments WHERE code = $1)`,
          [DEPT],
        )
      ).map((row) => [row.id, row.version]),
    );
    expect(expected.size).toBe(16);
    expect(await topo.meiliDocuments(1, a.indexPrefix)).toEqual(expected);
    expect(await topo.meiliDocuments(0, a.indexPrefix)).toEqual(expected);
  });

  it('exports and the search fallback read the streaming replica, which reports its lag; staff read their own writes from the primary', async () => {
    const replica = new Client({ connectionString: topo.replica!.url });
    await replica.connect();
    try {
      expect((await replica.query(`SELECT pg_is_in_recovery() AS r`)).rows[0].r).toBe(true);
      // A publication through a reaches the replica by streaming replication, and b's export (read there) has it.
      await prepare(a, editor, reviewer, 'matters', 'TOPO-REPL', DEPT, 'published');
      const staffView = await as(a, editor).get('/api/v1/admin/matters/TOPO-REPL').expect(200); // at once, from the primary
      expect(JSON.stringify(staffView.body)).toContain('"TOPO-REPL"');
      await eventually(
        async () => (await replica.query(`SELECT 1 FROM service_matters WHERE code = 'TOPO-REPL' AND status = 'published'`)).rowCount === 1,
        10_000,
      );
      await b.http().get('/api/v1/matters/TOPO-REPL').expect(200); // b's matter page (memoised, read on the primary)
      const exported = await b.http().get('/api/v1/export').query({ format: 'ndjson', kind: 'matters' }).expect(200);
      expect(exported.text).toContain('"TOPO-REPL"');
      // The export's cursor was read on the replica too, and the replica's sessions show the app reading there.
      const readers = await replica.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'banshi-read'`);
      expect(readers.rows[0].n).toBeGreaterThan(0);
      // With every Meilisearch node down, b answers searches from Postgres — from the replica: its read sessions'
      // last statement is the fallback query (pg_stat_activity keeps an idle backend's last query).
      await topo.killMeili(0);
      await topo.killMeili(1);
      const degraded = await b.http().get('/api/v1/search').query({ q: '测试事项' }).expect(200);
      expect(degraded.body.degraded).toBe(true);
      expect(degraded.body.total).toBe(17); // 12 + 4 published while node 2 was down + TOPO-REPL
      const last = await replica.query<{ query: string }>(`SELECT query FROM pg_stat_activity WHERE application_name = 'banshi-read'`);
      expect(last.rows.some((r) => r.query.includes('FROM service_matters m JOIN departments d'))).toBe(true);
    } finally {
      await replica.end();
    }
    const health = await ready(b);
    expect(health.readReplica?.lag).not.toBeNull();
    expect(health.readReplica!.lag!.bytes).toBeGreaterThanOrEqual(0);
  });

  it('limits and revocations hold across the instances', async () => {
    // Sign-in attempts for one account count on both instances together (6 allowed, RATE_LIMIT_STORE=postgres).
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (const app of [a, b])
        statuses.push((await app.http().post('/api/v1/auth/sign-in').send({ login: 'topo.reviewer', password: 'wrong-password-1' })).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    // An API key revoked through a is refused by b within a second.
    const { body } = await as(a, staff.secadmin).post('/api/v1/admin/api-keys').send({ name: '拓扑', scopes: [] }).expect(201);
    await b.http().get('/api/v1/matters').set('x-api-key', body.key).expect(200);
    const revokedAt = Date.now();
    await as(a, staff.secadmin).post(`/api/v1/admin/api-keys/${body.apiKey.id}/revoke`).expect(200);
    await eventually(async () => (await b.http().get('/api/v1/matters').set('x-api-key', body.key)).status === 401, 5_000, 'revocation on b');
    expect(Date.now() - revokedAt).toBeLessThan(2000); // issue 14 asks for 1 s; margin for a busy machine
    // A session signed out on b is refused by a.
    const s = await signIn(b, 'topo.editor', TEST_PASSWORD);
    await as(a, s).get('/api/v1/admin/matters').expect(200);
    await as(b, s).post('/api/v1/auth/sign-out').expect(204);
    await as(a, s).get('/api/v1/admin/matters').expect(401);
  });
});
