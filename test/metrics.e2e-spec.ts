import { Banshi, eventually, startBanshi } from './setup/test-app';

/** GET /metrics: Prometheus text from Banshi's own registry — HTTP, search, import, search-lag and process metrics. */
describe('metrics', () => {
  let banshi: Banshi;

  beforeAll(async () => {
    banshi = await startBanshi();
  });
  afterAll(() => banshi?.close());

  const scrape = async () => {
    const res = await banshi.http().get('/metrics').expect(200);
    return res;
  };

  it('serves the Prometheus text format, never cached', async () => {
    const res = await scrape();
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.text).toMatch(/^# HELP /);
  });

  it('labels request durations by route pattern, never by raw URL', async () => {
    await banshi.http().get('/api/v1/matters').expect(200);
    await banshi.http().get('/api/v1/matters/NO-SUCH-MATTER-4711').expect(404);
    await banshi.http().get('/no/such/path/4711').expect(404);
    const { text } = await scrape();
    expect(text).toContain('http_request_duration_seconds_bucket{');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/api\/v1\/matters"[^}]*status_code="200"/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/matters\/:idOrCode"[^}]*status_code="404"[^}]*\} 1\n/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status_code="404"[^}]*\} 1\n/);
    // Unbounded values (ids, codes, unknown paths) never become label values; scrapes are not counted.
    // (markers that cannot occur in a number: a sum like 0.0164711… once matched a bare "4711")
    expect(text).not.toContain('NO-SUCH-MATTER');
    expect(text).not.toContain('/no/such/path');
    expect(text).not.toContain('route="/metrics"');
  });

  it('reports search durations', async () => {
    // The relay creates the index just after start; until then search answers from Postgres (degraded).
    await eventually(async () => {
      const res = await banshi.http().get('/api/v1/search').query({ q: '身份证' });
      return res.status === 200 && res.body.degraded === false;
    }, 30_000, 'search index');
    const { text } = await scrape();
    expect(text).toMatch(/\nsearch_duration_seconds_count\{degraded="false"\} [1-9]\d*\n/);
    expect(text).toMatch(/\nsearch_duration_seconds_bucket\{le="0.001",degraded="false"\} \d+\n/);
  });

  it('reports the search outbox and relay at scrape time', async () => {
    const text = await eventually(async () => {
      const t = (await scrape()).text;
      return /\nsearch_relay_healthy 1\n/.test(t) && t;
    }, 30_000, 'a healthy search relay');
    expect(text).toMatch(/\nsearch_outbox_backlog_rows 0\n/);
    expect(text).toMatch(/\nsearch_outbox_oldest_seconds 0\n/);
  });

  it('counts change-log rows no relay has applied', async () => {
    // An instance without the relay, so the row stays in the outbox and the gauge must show it.
    const idle = await startBanshi({ SEARCH_SYNC: 'off' });
    try {
      await idle.sql(
        `INSERT INTO change_log (txid, entity_type, entity_id, entity_code, op, changed_at)
         VALUES (txid_current(), 'department', gen_random_uuid(), 'METRICS-TEST', 'create', now() - interval '42 seconds')`,
      );
      const { text } = await idle.http().get('/metrics').expect(200);
      expect(text).toMatch(/\nsearch_outbox_backlog_rows 1\n/);
      expect(Number(/\nsearch_outbox_oldest_seconds (\d+)\n/.exec(text)?.[1])).toBeGreaterThanOrEqual(42);
    } finally {
      await idle.close();
    }
  });

  it('declares the import counter and default process metrics with the banshi_ prefix', async () => {
    const { text } = await scrape();
    expect(text).toContain('# TYPE banshi_imports_total counter');
    expect(text).toMatch(/\nbanshi_process_cpu_user_seconds_total \d/);
    expect(text).toMatch(/\nbanshi_nodejs_eventloop_lag_seconds \d/);
    // Its own registry: nothing registered on prom-client's global default shows up unprefixed.
    expect(text).not.toMatch(/\nprocess_cpu_user_seconds_total /);
  });
});
