import { freePort } from '../src/runtime/free-port';
import { Banshi, eventually, startBanshi } from './setup/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';

/** GET /metrics: Prometheus text from Banshi's own registry — HTTP, search, import, search-lag and process metrics. */
describe('metrics', () => {
  let banshi: Banshi;

  beforeAll(async () => {
    banshi = await startBanshi({ METRICS_TOKEN });
  });
  afterAll(() => banshi?.close());

  const scrape = async () => {
    const res = await banshi.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    return res;
  };

  it('is not public: without the token 401, with a wrong one 401, and nothing about the process leaks', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef0123456789', METRICS_TOKEN]) {
      const req = banshi.http().get('/metrics');
      const res = await (auth ? req.set('authorization', auth) : req).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'METRICS_UNAUTHORIZED' });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.text).not.toContain('banshi_process');
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
  });

  it('by default (no METRICS_TOKEN, no METRICS_PORT) does not exist: the same 404 as any unknown path', async () => {
    const plain = await startBanshi();
    try {
      const metrics = await plain.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
      // Compared with an unknown machine path: outside /api, /health and /metrics an unknown path is a page (HTML 404).
      const unknown = await plain.http().get('/api/no-such-path').expect(404);
      expect(metrics.body).toEqual({ ...unknown.body, message: unknown.body.message.replace('/api/no-such-path', '/metrics') });
      expect(metrics.text).not.toContain('banshi_process');
    } finally {
      await plain.close();
    }
  });

  it('METRICS_PORT serves it on a loopback listener of its own, without a token; the API port still refuses', async () => {
    const port = await freePort();
    const local = await startBanshi({ METRICS_PORT: String(port) });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toMatch(/\nbanshi_process_cpu_user_seconds_total \d/);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/stats`)).status).toBe(404);
      await local.http().get('/metrics').expect(404);
    } finally {
      await local.close();
    }
  });

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
    await eventually(
      async () => {
        const res = await banshi.http().get('/api/v1/search').query({ q: '身份证' });
        return res.status === 200 && res.body.degraded === false;
      },
      30_000,
      'search index',
    );
    const { text } = await scrape();
    expect(text).toMatch(/\nsearch_duration_seconds_count\{degraded="false"\} [1-9]\d*\n/);
    expect(text).toMatch(/\nsearch_duration_seconds_bucket\{le="0.001",degraded="false"\} \d+\n/);
  });

  it('reports the search outbox and relay at scrape time', async () => {
    const text = await eventually(
      async () => {
        const t = (await scrape()).text;
        return /\nsearch_relay_healthy 1\n/.test(t) && t;
      },
      30_000,
      'a healthy search relay',
    );
    expect(text).toMatch(/\nsearch_outbox_backlog_rows 0\n/);
    expect(text).toMatch(/\nsearch_outbox_oldest_seconds 0\n/);
  });

  it('counts change-log rows no relay has applied', async () => {
    // An instance without the relay, so the row stays in the outbox and the gauge must show it.
    const idle = await startBanshi({ SEARCH_SYNC: 'off', METRICS_TOKEN });
    try {
      await idle.sql(
        `INSERT INTO change_log (txid, entity_type, entity_id, entity_code, op, changed_at)
         VALUES (txid_current(), 'department', gen_random_uuid(), 'METRICS-TEST', 'create', now() - interval '42 seconds')`,
      );
      const { text } = await idle.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
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
