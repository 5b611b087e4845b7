import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { Banshi, eventually, startBanshi } from './setup/test-app';

/** The relay's guarantees that need more than one connection or process: commit order, leadership, scoped keys. */
describe('search sync: late commits, several instances, production keys', () => {
  let banshi: Banshi;
  let second: Banshi | undefined;
  const demo = buildBeizhenDemo();
  const subset = { ...demo, matters: demo.matters.slice(0, 40), guides: [], bundles: [] };

  const indexed = async (code: string, marker: string) => {
    const res = await banshi.http().get('/api/v1/search').query({ q: marker, kind: 'matter' });
    return (res.body.hits as { code: string }[]).some((h) => h.code === code);
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-sync-'));
    writeFileSync(join(dir, 'subset.json'), JSON.stringify(subset));
    banshi = await startBanshi();
    expect(banshi.cli('import', [join(dir, 'subset.json')]).status).toBe(0);
  });
  afterAll(async () => {
    await second?.stop();
    await banshi?.close();
  });

  const feedAll = async (since?: string) => {
    const out: { code: string; op: string; cursor: string }[] = [];
    let cursor = since;
    for (;;) {
      const res = await banshi
        .http()
        .get('/api/v1/changes')
        .query({ limit: 500, ...(cursor ? { since: cursor } : {}) })
        .expect(200);
      out.push(...res.body.changes);
      cursor = res.body.next;
      if (!res.body.hasMore) return { changes: out, next: cursor! };
    }
  };

  it('never skips a transaction that commits after a later one — neither the relay nor the change feed', async () => {
    const [a, b] = [subset.matters[0].code, subset.matters[1].code];
    const before = (await feedAll()).next;

    const slow = new Client({ connectionString: banshi.databaseUrl });
    await slow.connect();
    try {
      // A starts first and takes the lower change-log id; B commits first.
      await slow.query('BEGIN');
      await slow.query(`UPDATE service_matters SET keywords = array_append(keywords, '晚提交甲') WHERE code = $1`, [a]);
      await banshi.sql(`UPDATE service_matters SET keywords = array_append(keywords, '早提交乙') WHERE code = $1`, [b]);
      const ids = await banshi.sql<{ code: string; id: string }>(
        `SELECT entity_code AS code, id FROM change_log WHERE entity_code = ANY($1) ORDER BY id DESC LIMIT 1`,
        [[b]],
      );
      expect(ids).toHaveLength(1); // B is committed and logged; A's row is still invisible
      // the feed holds B back while A (which started earlier) may still commit below it
      expect((await feedAll(before)).changes).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    await eventually(() => indexed(b, '早提交乙'), 30_000, 'B indexed');
    await eventually(() => indexed(a, '晚提交甲'), 30_000, 'A indexed although it committed after B');
    const after = await feedAll(before);
    expect(after.changes.map((c) => [c.code, c.op])).toEqual([
      [a, 'update'],
      [b, 'update'],
    ]);
    // resuming from any cursor continues exactly after it
    expect((await feedAll(after.changes[0].cursor)).changes.map((c) => c.code)).toEqual([b]);
  });

  it('serves the whole catalogue history as a feed, hides drafts and rejects bad cursors', async () => {
    const all = await feedAll();
    expect(all.changes.filter((c) => c.op === 'create').length).toBe(subset.departments.length + subset.locations.length + 40);
    const draft = subset.matters[5].code;
    const from = all.next;
    await banshi.sql(`UPDATE service_matters SET status = 'draft' WHERE code = $1`, [draft]);
    await banshi.sql(`UPDATE service_matters SET name = name || '（草稿修改）' WHERE code = $1`, [draft]);
    await banshi.sql(`UPDATE service_matters SET status = 'published', name = replace(name, '（草稿修改）', '') WHERE code = $1`, [draft]);
    // A change is in the feed once no older transaction is open (the background jobs' short ones can hold it back a
    // moment): wait for the two, then check that they are exactly these.
    const ops = await eventually(
      async () => {
        const changes = (await feedAll(from)).changes;
        return changes.length >= 2 && changes.map((c) => c.op);
      },
      10_000,
      'the two published changes in the feed',
    );
    expect(ops).toEqual(['unpublish', 'publish']);
    const bad = await banshi.http().get('/api/v1/changes').query({ since: 'not-a-cursor!' }).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    const forged = await banshi
      .http()
      .get('/api/v1/changes')
      .query({ since: Buffer.from('1;drop').toString('base64url') })
      .expect(400);
    expect(forged.body.code).toBe('INVALID_CURSOR');
  });

  it('refills an emptied Meilisearch from Postgres when it starts', async () => {
    await banshi.stop();
    const res = await fetch(`${banshi.meiliUrl}/indexes/${banshi.indexPrefix}_catalogue`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${banshi.meiliKey}` },
    });
    expect(res.status).toBe(202);
    await banshi.restart();
    // while the index is being refilled search answers (from Postgres if need be), then from the new index
    await eventually(
      async () => {
        const r = await banshi.http().get('/api/v1/search').query({ q: subset.matters[0].name, kind: 'matter' });
        return r.status === 200 && r.body.degraded === false && r.body.hits[0]?.code === subset.matters[0].code;
      },
      60_000,
      'index refilled',
    );
  });

  it('reports liveness and readiness', async () => {
    await banshi.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await banshi.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', postgres: true, meilisearch: true, searchBacklog: { rows: expect.any(Number) } });
  });

  it('elects one relay among several instances, and the other takes over when the leader stops', async () => {
    second = await startBanshi({ DATABASE_URL: banshi.databaseUrl, MEILI_INDEX_PREFIX: banshi.indexPrefix, LOG_LEVEL: 'log' });
    // the relay's leader lock (other advisory locks — audit chain, scheduler — come and go with transactions)
    const locks = await banshi.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND objid = (hashtext($1)::bigint & 4294967295)::oid
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [`banshi-search-relay:${banshi.indexPrefix}_catalogue`],
    );
    expect(locks[0].n).toBe(1);
    expect(second.logs()).not.toContain('search relay is leader');
    await banshi.stop();
    await eventually(async () => second!.logs().includes('search relay is leader'), 30_000, 'second instance to take over');
    const code = subset.matters[2].code;
    await second.sql(`UPDATE service_matters SET keywords = array_append(keywords, '接管之后') WHERE code = $1`, [code]);
    await eventually(
      async () => {
        const res = await second!.http().get('/api/v1/search').query({ q: '接管之后', kind: 'matter' });
        return (res.body.hits as { code: string }[]).some((h) => h.code === code);
      },
      30_000,
      'indexed by the new leader',
    );
    await second.stop();
    second = undefined;
    await banshi.restart();
  });

  it('runs with an indexing key and a search-only key instead of the master key', async () => {
    const master = banshi.meiliKey!;
    const createKey = async (actions: string[]) => {
      const res = await fetch(`${banshi.meiliUrl}/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
        body: JSON.stringify({ actions, indexes: [`${banshi.indexPrefix}_*`], expiresAt: null }),
      });
      return ((await res.json()) as { key: string }).key;
    };
    const indexing = await createKey(['search', 'documents.*', 'indexes.*', 'settings.*', 'tasks.get']);
    const searchOnly = await createKey(['search']);
    await banshi.stop();
    const scoped = await startBanshi({
      DATABASE_URL: banshi.databaseUrl,
      MEILI_INDEX_PREFIX: banshi.indexPrefix,
      MEILI_API_KEY: indexing,
      MEILI_SEARCH_KEY: searchOnly,
    });
    try {
      const code = subset.matters[3].code;
      await scoped.sql(`UPDATE service_matters SET keywords = array_append(keywords, '最小权限') WHERE code = $1`, [code]);
      await eventually(
        async () => {
          const res = await scoped.http().get('/api/v1/search').query({ q: '最小权限', kind: 'matter' });
          return res.status === 200 && (res.body.hits as { code: string }[]).some((h) => h.code === code);
        },
        30_000,
        'indexed and found with scoped keys',
      );
      // the search-only key cannot write
      const denied = await fetch(`${banshi.meiliUrl}/indexes/${banshi.indexPrefix}_catalogue/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${searchOnly}`, 'content-type': 'application/json' },
        body: '[]',
      });
      expect(denied.status).toBe(403);
    } finally {
      await scoped.stop();
      await banshi.restart();
    }
  });
});
