// Shared by the benchmarks: start the built service on its own data directory, import a catalogue, find the
// embedded Meilisearch it runs against. Everything stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(join(ROOT, 'package.json'));
const SHARED = resolve(ROOT, '..', 'shared');

/** The 广安区 catalogue and its dev queries when ../shared is present, else the demo data and our own queries. */
export function corpus() {
  const guangan = join(SHARED, 'data/guangan/exchange.json');
  const devQueries = join(SHARED, 'eval/guangan-dev.json');
  if (existsSync(guangan) && existsSync(devQueries)) {
    return { name: '广安区 (../shared)', file: guangan, queries: JSON.parse(readFileSync(devQueries, 'utf8')).queries.map((q) => q.q) };
  }
  const file = join(ROOT, 'bench/.data-demo.json');
  const { buildBeizhenDemo } = require(join(ROOT, 'dist/seeds/beizhen/index.js'));
  writeFileSync(file, JSON.stringify(buildBeizhenDemo()));
  const queries = JSON.parse(readFileSync(join(ROOT, 'test/search-quality/beizhen-queries.json'), 'utf8')).queries.map((q) => q.q);
  return { name: '北镇市 demo', file, queries };
}

/**
 * Every visible query of ../shared/eval/*.json (all sets, in file order), else our own regression queries —
 * the stream bench:search sends. Hidden sets are not in ../shared and are never read.
 */
export function allQueries() {
  const dir = join(SHARED, 'eval');
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    const queries = files.flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).queries?.map((q) => q.q) ?? []);
    if (queries.length) return { name: `${files.join(', ')} (${queries.length} queries)`, queries };
  }
  const queries = JSON.parse(readFileSync(join(ROOT, 'test/search-quality/beizhen-queries.json'), 'utf8')).queries.map((q) => q.q);
  return { name: `test/search-quality/beizhen-queries.json (${queries.length} queries)`, queries };
}

/** A seeded PRNG (mulberry32): the same stream in every run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` draws from `items` with a Zipf distribution (P(rank k) ∝ 1/k^s), as real query logs repeat: the items are
 * first shuffled with the seed, so which query is most popular does not depend on file order.
 */
export function zipfStream(items, n, { s = 1, seed = 13 } = {}) {
  const random = seededRandom(seed);
  const ranked = [...items];
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
  }
  const cumulative = [];
  let sum = 0;
  for (let k = 1; k <= ranked.length; k++) cumulative.push((sum += 1 / k ** s));
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    out.push(ranked[lo]);
  }
  return out;
}

export async function startBanshi(dataDir, port, extraEnv = {}) {
  mkdirSync(dataDir, { recursive: true });
  // The load generator is one client IP: the per-IP public rate limit would measure itself, not the service.
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), SEED: 'none', LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '1000000000', ...extraEnv };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/v1/stats`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('Banshi did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
  return {
    url,
    env,
    meiliUrl: `http://127.0.0.1:${runtime.meilisearch.port}`,
    meiliKey: secrets.meiliMasterKey,
    pgUrl: `postgres://banshi:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${runtime.postgres.port}/banshi`,
    import(file) {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/import.js'), file], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    },
    async waitIndexed(prefix = 'banshi') {
      // the relay has caught up when the change log has no rows past its cursor
      const pg = new (require('pg').Client)({ connectionString: this.pgUrl });
      await pg.connect();
      try {
        for (;;) {
          // no cursor row yet = nothing applied (comparing with the NULL of a missing row would count nothing)
          const { rows } = await pg.query(`SELECT count(*)::int AS n FROM change_log c
            LEFT JOIN search_sync_state s ON s.consumer = $1 WHERE s.consumer IS NULL OR (c.txid, c.id) > (s.last_txid, s.last_id)`,
          [`index:${prefix}_catalogue`]);
          if (rows[0]?.n === 0) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        await pg.end();
      }
    },
    /** No Meilisearch task enqueued or processing for 2 s (e.g. the first dictionary rebuild is done). */
    async waitMeiliIdle() {
      let quiet = 0;
      while (quiet < 4) {
        const r = await fetch(`${this.meiliUrl}/tasks?statuses=enqueued,processing&limit=1`, { headers: { authorization: `Bearer ${this.meiliKey}` } }).then((x) => x.json());
        quiet = r.total === 0 ? quiet + 1 : 0;
        await new Promise((res) => setTimeout(res, 500));
      }
    },
    /** Resident memory of the service process now (MiB), from /proc. */
    rssMiB() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    /** Peak resident memory of the service process so far (MiB), from /proc. */
    peakRssMiB() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    cli(name, args = []) {
      return spawnSync(process.execPath, [join(ROOT, `dist/src/cli/${name}.js`), ...args], { env, encoding: 'utf8' });
    },
    stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }),
  };
}

export function machine() {
  const os = require('node:os');
  return `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
