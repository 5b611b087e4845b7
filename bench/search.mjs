// npm run bench:search — Banshi's search API against the honest anchor: raw Meilisearch with DEFAULT settings over
// the same matters (name, main item, department), in the same run, on the same machine. Two streams:
//   cold       every visible query of ../shared/eval/*.json in turn; Banshi's response cache switched off
//   realistic  the same queries drawn with a Zipf distribution (s = 1, seeded), as real query logs repeat;
//              Banshi with its production settings (response cache on)
// Also samples Banshi's resident memory (VmRSS) while it is under load.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, allQueries, corpus, machine, startBanshi, zipfStream } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RAW_UID = 'raw_default';
/** Untimed requests of the realistic stream before it is measured (a running instance's earlier traffic). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const PORT = 3900 + Math.floor(Math.random() * 90);

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, ...(opts.amount ? {} : { duration: DURATION }), ...opts }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

async function meili(banshi, method, path, body) {
  const res = await fetch(`${banshi.meiliUrl}${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${banshi.meiliKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function waitTask(banshi, taskUid) {
  for (;;) {
    const t = await meili(banshi, 'GET', `/tasks/${taskUid}`);
    if (t.status === 'succeeded') return;
    if (t.status === 'failed' || t.status === 'canceled') throw new Error(JSON.stringify(t.error));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The raw anchor: a fresh index with Meilisearch's default settings and the matters' name, main item, department. */
async function loadRawDefault(banshi, file) {
  const exchange = JSON.parse(readFileSync(file, 'utf8'));
  const departments = new Map((exchange.departments ?? []).map((d) => [d.code, d.name]));
  const docs = (exchange.matters ?? []).map((m, i) => ({
    id: i, name: m.name, mainItemName: m.mainItemName ?? null, department: departments.get(m.departmentCode) ?? null,
  }));
  await meili(banshi, 'DELETE', `/indexes/${RAW_UID}`).catch(() => undefined);
  const created = await meili(banshi, 'POST', '/indexes', { uid: RAW_UID, primaryKey: 'id' });
  await waitTask(banshi, created.taskUid);
  const added = await meili(banshi, 'POST', `/indexes/${RAW_UID}/documents`, docs);
  await waitTask(banshi, added.taskUid);
  return docs.length;
}

/**
 * Runs one stream against Banshi and raw Meilisearch; Banshi's RSS is sampled while it is loaded. `warmup` requests
 * of the stream go first, untimed, and the timed run continues the stream from there: for the realistic stream that
 * is the traffic a running instance has already seen (its cache is warm, as in production), for the cold one it only
 * wakes lazy code paths.
 */
async function compare(banshi, label, stream, warmup) {
  let i = 0;
  let j = 0;
  const banshiPath = () => `/api/v1/search?q=${encodeURIComponent(stream[i++ % stream.length])}&limit=10`;
  const rawBody = () => JSON.stringify({ q: stream[j++ % stream.length], limit: 10 });
  const raw = () => run({
    url: banshi.meiliUrl,
    requests: [{
      method: 'POST', path: `/indexes/${RAW_UID}/search`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${banshi.meiliKey}` },
      setupRequest: (r) => ({ ...r, body: rawBody() }),
    }],
  });
  await run({ url: banshi.url, amount: warmup, requests: [{ setupRequest: (r) => ({ ...r, path: banshiPath() }) }] });
  j = i;
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, banshi.rssMiB())), 200);
  const b = await run({ url: banshi.url, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: banshiPath() }) }] });
  clearInterval(sampler);
  const m = await raw();
  return { label, b, m, rss };
}

const data = corpus();
const { name: queriesName, queries } = allQueries();
const dataDir = join(ROOT, 'bench/.data');
const results = [];
let banshi = await startBanshi(dataDir, PORT, { SEARCH_CACHE: 'off' });
let rawDocs = 0;
try {
  banshi.import(data.file);
  await banshi.waitIndexed();
  rawDocs = await loadRawDefault(banshi, data.file);
  await banshi.waitMeiliIdle();
  results.push(await compare(banshi, 'cold', queries, 20));
} finally {
  await banshi.stop();
}
banshi = await startBanshi(dataDir, PORT, { SEARCH_CACHE: 'on' });
try {
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  results.push(await compare(banshi, 'realistic', zipfStream(queries, 100_000, { s: 1, seed: 13 }), WARMUP));
} finally {
  await banshi.stop();
}

console.log(`\nsearch benchmark — catalogue ${data.name}; queries ${queriesName}`);
console.log(`raw Meilisearch: index '${RAW_UID}', default settings, ${rawDocs} matters (name, main item, department)`);
console.log(`realistic: Zipf s=1 over the ${queries.length} queries (seed 13), timed after ${WARMUP} untimed requests of the same stream`);
console.log(`${CONNECTIONS} connections, ${DURATION} s per target; machine: ${machine()} (load generator on the same machine)\n`);
console.log('stream'.padEnd(10), 'target'.padEnd(34), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7), 'RSS MiB'.padStart(8));
for (const { label, b, m, rss } of results) {
  const row = (name, r, mem) => console.log(
    label.padEnd(10), name.padEnd(34), r.requests.average.toFixed(0).padStart(8), String(r.latency.p50).padStart(8),
    String(r.latency.p99).padStart(8), String(r.errors + r.non2xx).padStart(7), mem.padStart(8),
  );
  row('Banshi GET /api/v1/search', b, rss.toFixed(0));
  row('raw Meilisearch (default settings)', m, '');
  console.log(`${label.padEnd(10)} ratio Banshi / raw-default throughput: ${(b.requests.average / m.requests.average).toFixed(2)}×\n`);
}
