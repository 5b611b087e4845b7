import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/** Response cache of GET /search (search-cache.service.ts): repeats come from memory, never across an index change. */
describe('search response cache and the facets / highlight parameters', () => {
  let banshi: Banshi;
  let second: Banshi | undefined;
  const demo = buildBeizhenDemo();
  const subset = { ...demo, matters: demo.matters.slice(0, 30), guides: [], bundles: [] };
  const matter = subset.matters[0];
  const METRICS_TOKEN = 'metrics-token-search-cache-0123456789abcdef';

  /** search_cache_requests_total by result, from /metrics. */
  const cacheCounts = async (app: Banshi) => {
    const { text } = await app.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    const count = (result: string) => Number(new RegExp(`search_cache_requests_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { hit: count('hit'), miss: count('miss'), bypass: count('bypass') };
  };
  /** The relay has applied (and published the version of) every committed change. */
  const caughtUp = (app: Banshi) =>
    eventually(
      async () => {
        // no cursor row yet = the relay has applied nothing (a comparison with NULL would count no rows)
        const [row] = await app.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM change_log c
      LEFT JOIN search_sync_state s ON s.consumer = $1 WHERE s.consumer IS NULL OR (c.txid, c.id) > (s.last_txid, s.last_id)`,
          [`index:${app.indexPrefix}_catalogue`],
        );
        return row?.n === 0;
      },
      60_000,
      'relay caught up',
    );
  const names = async (app: Banshi, q: string) =>
    (await app.http().get('/api/v1/search').query({ q, kind: 'matter' }).expect(200)).body.hits as { code: string; name: string }[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-cache-'));
    writeFileSync(join(dir, 'subset.json'), JSON.stringify(subset));
    banshi = await startBanshi({ METRICS_TOKEN });
    expect(banshi.cli('import', [join(dir, 'subset.json')]).status).toBe(0);
    await caughtUp(banshi);
    // the version feed (LISTEN) is up once a search goes through the cache rather than around it
    await eventually(
      async () => {
        await banshi.http().get('/api/v1/search').query({ q: matter.name }).expect(200);
        return (await cacheCounts(banshi)).miss > 0;
      },
      30_000,
      'cache in use',
    );
  });
  afterAll(async () => {
    await second?.stop();
    await banshi?.close();
  });

  it('answers a repeated search from the cache, with the same body apart from the timing', async () => {
    const q = { q: matter.name, limit: 5 };
    const first = await banshi.http().get('/api/v1/search').query(q).expect(200);
    const before = await cacheCounts(banshi);
    // surrounding spaces do not make another entry
    const again = await banshi
      .http()
      .get('/api/v1/search')
      .query({ ...q, q: ` ${matter.name} ` })
      .expect(200);
    const after = await cacheCounts(banshi);
    expect(after.hit).toBe(before.hit + 1);
    expect(after.miss).toBe(before.miss);
    const { tookMs: _a, ...a } = first.body;
    const { tookMs: _b, ...b } = again.body;
    expect(b).toEqual(a);
    // another page, limit or filter is another entry
    await banshi
      .http()
      .get('/api/v1/search')
      .query({ ...q, limit: 6 })
      .expect(200);
    expect((await cacheCounts(banshi)).miss).toBe(after.miss + 1);
  });

  it('answers a repeat of the same URL before routing and validation, with its entity tag and 304 for If-None-Match', async () => {
    const url = `/api/v1/search?q=${encodeURIComponent(subset.matters[2].name)}&limit=4&kind=matter`;
    const httpCount = async () => {
      const { text } = await banshi.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      return Number(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/search",status_code="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const first = await banshi.http().get(url).expect(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    const before = { ...(await cacheCounts(banshi)), http: await httpCount() };
    const again = await banshi.http().get(url).set('x-request-id', 'fast-path-1').expect(200);
    const after = { ...(await cacheCounts(banshi)), http: await httpCount() };
    expect(after.hit).toBe(before.hit + 1);
    expect(after.miss).toBe(before.miss);
    // the same request counted in the HTTP metrics under the route pattern, as a routed request is
    expect(after.http).toBe(before.http + 1);
    // the middleware in front of it still ran: request id, caching and security headers
    expect(again.headers['x-request-id']).toBe('fast-path-1');
    expect(again.headers['cache-control']).toBe('public, max-age=60');
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.headers.etag).toBe(first.headers.etag);
    const { tookMs: _a, ...a } = first.body;
    const { tookMs: tookAgain, ...b } = again.body;
    expect(b).toEqual(a);
    expect(typeof tookAgain).toBe('number');
    await banshi.http().get(url).set('if-none-match', first.headers.etag).expect(304);
    // bad input is refused as before
    expect(
      (
        await banshi
          .http()
          .get(`/api/v1/search?q=${encodeURIComponent(subset.matters[2].name)}&limit=0`)
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('never serves an answer older than the index: once the relay applied a change, the next search shows it', async () => {
    const q = matter.name;
    expect((await names(banshi, q)).find((h) => h.code === matter.code)?.name).toBe(matter.name);
    await names(banshi, q); // cached now
    await banshi.sql(`UPDATE service_matters SET name = name || '（缓存测试）' WHERE code = $1`, [matter.code]);
    await caughtUp(banshi);
    // no polling: the relay published the new version before it advanced its cursor
    expect((await names(banshi, q)).find((h) => h.code === matter.code)?.name).toBe(`${matter.name}（缓存测试）`);
    await banshi.sql(`UPDATE service_matters SET name = $2 WHERE code = $1`, [matter.code, matter.name]);
    await caughtUp(banshi);
    expect((await names(banshi, q)).find((h) => h.code === matter.code)?.name).toBe(matter.name);
  });

  it('a second instance without a relay (SEARCH_SYNC=off) caches too, and drops its cache when the relay publishes a version', async () => {
    // the index version arrives on the cluster events channel every instance listens to, not on the relay's connection
    second = await startBanshi({ DATABASE_URL: banshi.databaseUrl, MEILI_INDEX_PREFIX: banshi.indexPrefix, METRICS_TOKEN, SEARCH_SYNC: 'off' });
    const q = subset.matters[1].name;
    const code = subset.matters[1].code;
    await eventually(
      async () => {
        await names(second!, q);
        return (await cacheCounts(second!)).hit > 0;
      },
      30_000,
      'second instance caching',
    );
    await banshi.sql(`UPDATE service_matters SET name = name || '（第二实例）' WHERE code = $1`, [code]);
    await caughtUp(banshi);
    // well inside the cache's 30 s age limit: only the published version can make this pass
    await eventually(
      async () => (await names(second!, q)).find((h) => h.code === code)?.name === `${subset.matters[1].name}（第二实例）`,
      5_000,
      'second instance sees the change',
    );
    await second.stop();
    second = undefined;
  });

  it('asks for facets and highlights only when wanted (default: both, as before)', async () => {
    const full = await banshi.http().get('/api/v1/search').query({ q: matter.name }).expect(200);
    expect(Object.keys(full.body.facets)).toEqual(expect.arrayContaining(['kind', 'department', 'type']));
    expect(full.body.facets.kind.length).toBeGreaterThan(0);
    expect(full.body.hits[0].highlight.name).toContain('<em>');

    const lean = await banshi.http().get('/api/v1/search').query({ q: matter.name, facets: 'false', highlight: 'false' }).expect(200);
    expect(lean.body.facets).toEqual({});
    expect(lean.body.hits.map((h: { code: string }) => h.code)).toEqual(full.body.hits.map((h: { code: string }) => h.code));
    expect(lean.body.hits[0].highlight.name).not.toContain('<em>');
    expect(lean.body.hits[0].highlight.snippet).toBeUndefined();

    const onlyFacets = await banshi.http().get('/api/v1/search').query({ q: matter.name, highlight: 'false' }).expect(200);
    expect(onlyFacets.body.facets.kind.length).toBeGreaterThan(0);

    for (const bad of [{ facets: 'yes' }, { highlight: '1' }]) {
      const res = await banshi
        .http()
        .get('/api/v1/search')
        .query({ q: matter.name, ...bad })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
