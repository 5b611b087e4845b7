// npm run bench:scale-out — does a second app instance + a second Meilisearch node add search throughput, and what
// does the webhook path deliver per second? (issue 14; docs/benchmarks.md)
//   1. one app + one Meilisearch node (the embedded servers of bench/.data-scale), search throughput with autocannon;
//   2. two app instances (the second public-only) + two Meilisearch nodes (MEILI_URL lists both; the second node
//      fills itself from the change log), the same load split over both instances; prints the ratio 2 / 1;
//   3. webhooks: one subscription to a local receiver, BENCH_WEBHOOK_CHANGES (10,000) changes by raw SQL; prints
//      change records and POSTs delivered per second.
// The response cache is off (SEARCH_CACHE=off) so every request reaches Meilisearch. On a 2-core machine the
// processes share the same cores: the ratio says what the extra processes cost or add here, not on separate machines.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, allQueries, corpus, machine, require, startBanshi } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WEBHOOK_CHANGES = Number(process.env.BENCH_WEBHOOK_CHANGES ?? 10000);
const PORT = 3900 + Math.floor(Math.random() * 40);
const dataDir = join(ROOT, 'bench/.data-scale');
const os = require('node:os');

const run = (url, stream, offset, connections) => {
  let i = offset;
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        connections,
        duration: DURATION,
        requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/search?q=${encodeURIComponent(stream[i++ % stream.length])}&limit=10` }) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
};

/** Another app process on the same Postgres, with the given Meilisearch nodes. */
async function startInstance(port, env) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', SEED: 'none', SEARCH_CACHE: 'off', PUBLIC_RATE_LIMIT: '1000000000', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/v1/stats`)).ok) break;
    } catch {}
    if (i > 900) throw new Error('instance did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

const fmt = (loads) => loads.map((l) => l.toFixed(2)).join(' ');
const summary = (r) => `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`;

const loadBefore = os.loadavg();
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const data = corpus();
const { queries } = allQueries();
const banshi = await startBanshi(dataDir, PORT, {
  SEARCH_CACHE: 'off',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_ALLOW_LOOPBACK: 'on',
  WEBHOOK_TICK_MS: '100',
});
const extra = [];
let meili2;
const lines = [];
try {
  banshi.import(data.file);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();

  // 1. one app, one node
  await run(banshi.url, queries, 0, CONNECTIONS); // warm-up (lazy code paths, Meilisearch caches)
  const one = await run(banshi.url, queries, 0, CONNECTIONS);

  // 2. a second Meilisearch node (same binary and key as the embedded one) and two more app instances that list both
  const msPort = 7800 + Math.floor(Math.random() * 100);
  const { meilisearchBinary } = require(join(ROOT, 'dist/src/runtime/embedded-meilisearch.js'));
  meili2 = spawn(
    meilisearchBinary(dataDir),
    ['--db-path', join(dataDir, 'meili2/data.ms'), '--http-addr', `127.0.0.1:${msPort}`, '--env', 'production', '--no-analytics', '--log-level', 'WARN'],
    { env: { ...process.env, MEILI_MASTER_KEY: banshi.meiliKey, MEILI_MAX_INDEXING_MEMORY: '256MiB', MEILI_MAX_INDEXING_THREADS: '1' }, stdio: 'ignore' },
  );
  const shared = { DATABASE_URL: banshi.pgUrl, MEILI_URL: `${banshi.meiliUrl},http://127.0.0.1:${msPort}`, MEILI_API_KEY: banshi.meiliKey };
  // The embedded instance keeps leading node 1's relay; these two lead node 2's (the first to start wins the lock).
  const filled = Date.now(); // node 2's fill time includes the start of the instance that fills it
  extra.push(await startInstance(PORT + 50, shared));
  extra.push(await startInstance(PORT + 51, { ...shared, SEARCH_SYNC: 'off', BACKGROUND_JOBS: 'off' }));
  for (;;) {
    const ready = await fetch(`${extra[0].url}/health/ready`).then((r) => r.json());
    if (ready.meiliNodes?.every((n) => n.inRotation && n.lagRows === 0)) break;
    if (Date.now() - filled > 600_000) throw new Error('node 2 did not fill');
    await new Promise((r) => setTimeout(r, 500));
  }
  const fillSeconds = (Date.now() - filled) / 1000;
  // An empty node is refilled by its relay (change log, then a rebuild swapped in): measure only once its Meilisearch
  // has no task left, or the indexing would be measured as search load.
  for (let quiet = 0; quiet < 4;) {
    const r = await fetch(`http://127.0.0.1:${msPort}/tasks?statuses=enqueued,processing&limit=1`, {
      headers: { authorization: `Bearer ${banshi.meiliKey}` },
    }).then((x) => x.json());
    quiet = r.total === 0 ? quiet + 1 : 0;
    await new Promise((res) => setTimeout(res, 500));
  }
  const half = Math.max(1, Math.round(CONNECTIONS / 2));
  await Promise.all(extra.map((e, k) => run(e.url, queries, k * 7, half))); // warm-up
  const two = await Promise.all(extra.map((e, k) => run(e.url, queries, k * 7, half)));
  const twoTotal = two.reduce((s, r) => s + r.requests.average, 0);

  // 3. webhooks: a subscription (made through the services, as the security administrator would) to a local receiver
  let records = 0;
  let posts = 0;
  let lastAt = 0;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const n = JSON.parse(body).changes?.length ?? 0;
      lastAt = performance.now();
      records += n;
      posts++;
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const script = join(dataDir, 'subscribe.js');
  writeFileSync(
    script,
    `const { runCli } = require(${JSON.stringify(join(ROOT, 'dist/src/cli/cli-app.js'))});
const { ApiKeysService } = require(${JSON.stringify(join(ROOT, 'dist/src/integration/api-keys.service.js'))});
const { WebhooksService } = require(${JSON.stringify(join(ROOT, 'dist/src/webhooks/webhooks.service.js'))});
const actor = { accountId: null, login: 'cli:bench', role: null, ip: null, requestId: null, departmentCodes: [] };
runCli(async (app) => {
  const key = await app.get(ApiKeysService).create({ name: 'bench', scopes: [] }, actor);
  await app.get(WebhooksService).create({ apiKeyId: key.apiKey.id, url: process.argv[2] }, actor);
});`,
  );
  const sub = spawnSync(process.execPath, [script, `http://127.0.0.1:${receiver.address().port}/hook`], {
    env: { ...banshi.env, WEBHOOK_ALLOW_LOOPBACK: 'on' },
    encoding: 'utf8',
  });
  if (sub.status !== 0) throw new Error(`subscription: ${sub.stderr}`);
  const pg = new (require('pg').Client)({ connectionString: banshi.pgUrl });
  await pg.connect();
  const { rows } = await pg.query(`SELECT id FROM service_matters WHERE status = 'published' ORDER BY code`);
  // Timed from the first commit to the last delivery: the delivery loop's polling (WEBHOOK_TICK_MS) is included.
  const hookStart = performance.now();
  // One change record per row updated (a keyword appended), committed 100 at a time as an import would, going round
  // the published matters until WEBHOOK_CHANGES changes are committed.
  for (let done = 0; done < WEBHOOK_CHANGES; done += 100) {
    const ids = Array.from({ length: Math.min(100, WEBHOOK_CHANGES - done) }, (_, k) => rows[(done + k) % rows.length].id);
    await pg.query(`UPDATE service_matters SET keywords = array_append(keywords, 'bench-hook') WHERE id = ANY($1::uuid[])`, [ids]);
  }
  await pg.end();
  const deadline = Date.now() + 300_000;
  while (records < WEBHOOK_CHANGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  receiver.close();
  const hookSeconds = (lastAt - hookStart) / 1000;

  lines.push(
    `scale-out — ${data.name}, ${queries.length} queries, ${CONNECTIONS} connections, ${DURATION} s each, response cache off`,
    `machine: ${machine()}; load average before ${fmt(loadBefore)}, after ${fmt(os.loadavg())}`,
    `1 app + 1 Meilisearch:   ${summary(one)}`,
    `2 apps + 2 Meilisearch:  ${twoTotal.toFixed(0)} req/s  (${two.map(summary).join(' | ')})`,
    `ratio (2+2 / 1+1):       ${(twoTotal / one.requests.average).toFixed(2)}`,
    `node 2 filled itself from Postgres in ${fillSeconds.toFixed(1)} s (from spawning the instance that leads its relay)`,
    `webhooks: ${records} change records (${WEBHOOK_CHANGES} committed, plus any committed before) in ${posts} signed POSTs, ${hookSeconds.toFixed(1)} s from first commit to last delivery = ${(records / hookSeconds).toFixed(0)} records/s, ${(posts / hookSeconds).toFixed(1)} POSTs/s`,
  );
} finally {
  for (const e of extra) await e.stop();
  meili2?.kill('SIGTERM');
  await banshi.stop();
}
console.log(`\n${lines.join('\n')}`);
