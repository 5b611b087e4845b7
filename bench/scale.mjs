// npm run bench:scale — a province: a generated catalogue of BENCH_MATTERS matters (default 100,000) imported,
// indexed and searched, against the demo city in the same run.
//   1. the city: the 广安区 catalogue (../shared; else the 北镇市 demo matters) imported with the CLI, indexed, and
//      searched with the realistic stream of bench:search (Zipf s = 1 over every visible query, cache on)
//   2. the province: the same city's departments and matters repeated for further counties (new codes, county-named
//      departments, the real matter names — a province's counties offer the same matters) up to BENCH_MATTERS in
//      all, imported with the CLI; "indexed" = the relay has applied the whole change log and Meilisearch is idle
//   3. Meilisearch's own bulk load of the same documents (read back from Banshi's index) into a new index with the
//      same settings: the anchor for the indexing time
//   4. the realistic stream again, on the province
// Data lives under the OS temporary directory (BENCH_DIR to override) and is removed at the end.
import autocannon from 'autocannon';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, allQueries, machine, require, startBanshi, zipfStream } from './lib.mjs';

const N = Number(process.env.BENCH_MATTERS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const RAW_UID = 'scale_raw';
const PORT = 3900 + Math.floor(Math.random() * 90);
const started = performance.now();
const log = (line) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);

/** The city: 广安区 when ../shared has it, else the 北镇市 demo (its matters' name, type and department only). */
function city() {
  const guangan = resolve(ROOT, '..', 'shared', 'data/guangan/exchange.json');
  if (existsSync(guangan)) return { name: '广安区', doc: JSON.parse(readFileSync(guangan, 'utf8')) };
  const { buildBeizhenDemo } = require(join(ROOT, 'dist/seeds/beizhen/index.js'));
  const demo = buildBeizhenDemo();
  const matters = demo.matters.map((m) => ({ code: m.code, name: m.name, matterType: m.matterType, departmentCode: m.departmentCode }));
  const used = new Set(matters.map((m) => m.departmentCode));
  return {
    name: '北镇市 demo',
    doc: { format: 'banshi-exchange', version: 1, departments: demo.departments.filter((d) => used.has(d.code)).map(({ code, name }) => ({ code, name })), matters },
  };
}

/** Counties 1, 2 … of the province: the city's departments and matters under new codes, until `total` matters. */
function province(base, total) {
  const departments = [];
  const matters = [];
  const wanted = total - base.matters.length;
  for (let k = 1; matters.length < wanted; k++) {
    const county = `第${k}县`;
    for (const d of base.departments) departments.push({ code: `${d.code}-K${k}`, name: `${county}${d.name}` });
    for (const [i, m] of base.matters.entries()) {
      if (matters.length >= wanted) break;
      matters.push({ ...m, code: `SCALE-K${k}-${i}`, departmentCode: `${m.departmentCode}-K${k}` });
    }
  }
  return { format: 'banshi-exchange', version: 1, departments, matters };
}

function run(opts) {
  return new Promise((res, rej) => autocannon({ connections: CONNECTIONS, ...(opts.amount ? {} : { duration: DURATION }), ...opts }, (e, r) => (e ? rej(e) : res(r))));
}

/** The realistic stream of bench:search against Banshi: warm-up, then timed, RSS sampled meanwhile. */
async function realistic(banshi, queries) {
  const stream = zipfStream(queries, 100_000, { s: 1, seed: 13 });
  let i = 0;
  const path = () => `/api/v1/search?q=${encodeURIComponent(stream[i++ % stream.length])}&limit=10`;
  await run({ url: banshi.url, amount: WARMUP, requests: [{ setupRequest: (r) => ({ ...r, path: path() }) }] });
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, banshi.rssMiB())), 200);
  const r = await run({ url: banshi.url, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }] });
  clearInterval(sampler);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, rss };
}

async function meili(banshi, method, path, body, type = 'application/json') {
  const res = await fetch(`${banshi.meiliUrl}${path}`, {
    method,
    headers: { 'content-type': type, authorization: `Bearer ${banshi.meiliKey}` },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function waitTask(banshi, uid) {
  for (;;) {
    const t = await meili(banshi, 'GET', `/tasks/${uid}`);
    if (t.status === 'succeeded') return t;
    if (t.status === 'failed' || t.status === 'canceled') throw new Error(JSON.stringify(t.error));
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Meilisearch's own bulk load of Banshi's documents: read back page by page into an NDJSON file, then a new index
 * with the same settings, every page posted at once (Meilisearch batches them itself); timed from the first post to
 * the last task done.
 */
async function rawBulkLoad(banshi, dir) {
  const file = join(dir, 'documents.ndjson');
  const out = createWriteStream(file);
  const PAGE = 5000;
  let count = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await meili(banshi, 'POST', '/indexes/banshi_catalogue/documents/fetch', { offset, limit: PAGE });
    for (const d of page.results) out.write(`${JSON.stringify(d)}\n`);
    count += page.results.length;
    if (page.results.length < PAGE) break;
  }
  await new Promise((r) => out.end(r));
  // the settings that shape indexing and search (not every key GET returns is accepted back by PATCH)
  const all = await meili(banshi, 'GET', '/indexes/banshi_catalogue/settings');
  const KEYS = ['searchableAttributes', 'filterableAttributes', 'sortableAttributes', 'displayedAttributes', 'rankingRules', 'stopWords', 'synonyms',
    'dictionary', 'separatorTokens', 'nonSeparatorTokens', 'typoTolerance', 'faceting', 'pagination', 'proximityPrecision', 'prefixSearch', 'facetSearch', 'distinctAttribute'];
  const settings = Object.fromEntries(KEYS.filter((k) => k in all).map((k) => [k, all[k]]));
  await meili(banshi, 'DELETE', `/indexes/${RAW_UID}`).catch(() => undefined);
  await waitTask(banshi, (await meili(banshi, 'POST', '/indexes', { uid: RAW_UID, primaryKey: 'id' })).taskUid);
  await waitTask(banshi, (await meili(banshi, 'PATCH', `/indexes/${RAW_UID}/settings`, settings)).taskUid);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const t0 = performance.now();
  const tasks = [];
  // 10,000 documents per payload: the whole province is larger than Meilisearch's default payload limit
  for (let i = 0; i < lines.length; i += 10_000) {
    tasks.push((await meili(banshi, 'POST', `/indexes/${RAW_UID}/documents`, lines.slice(i, i + 10_000).join('\n'), 'application/x-ndjson')).taskUid);
  }
  for (const uid of tasks) await waitTask(banshi, uid);
  const seconds = (performance.now() - t0) / 1000;
  await meili(banshi, 'DELETE', `/indexes/${RAW_UID}`);
  return { count, seconds };
}

const { name: queriesName, queries } = allQueries();
const base = city();
const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'banshi-scale-'));
// mkdtemp makes it 0700: the embedded PostgreSQL runs as its own user when we are root and must reach its directory
chmodSync(dir, 0o755);
const dataDir = join(dir, 'data');
let banshi;
try {
  const cityFile = join(dir, 'city.json');
  writeFileSync(cityFile, JSON.stringify(base.doc));
  const provinceDoc = province(base.doc, N);
  const provinceFile = join(dir, 'province.json');
  writeFileSync(provinceFile, JSON.stringify(provinceDoc));
  const total = base.doc.matters.length + provinceDoc.matters.length;
  log(`${base.name}: ${base.doc.matters.length} matters; province: ${total} matters, ${base.doc.departments.length + provinceDoc.departments.length} departments; data in ${dir}`);

  banshi = await startBanshi(dataDir, PORT, { SEARCH_CACHE: 'on' });
  banshi.import(cityFile);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  log('city imported and indexed; searching');
  const citySearch = await realistic(banshi, queries);
  log(`city: ${citySearch.rps.toFixed(0)} req/s, p99 ${citySearch.p99} ms`);

  let t0 = performance.now();
  banshi.import(provinceFile);
  const importSeconds = (performance.now() - t0) / 1000;
  log(`province imported (CLI) in ${importSeconds.toFixed(1)} s; indexing`);
  t0 = performance.now();
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  const indexSeconds = (performance.now() - t0) / 1000 - 2; // waitMeiliIdle waits 2 s of quiet
  log(`province indexed in ${indexSeconds.toFixed(1)} s; Meilisearch's own bulk load of the same documents`);
  const raw = await rawBulkLoad(banshi, dir);
  log(`raw bulk load: ${raw.count} documents in ${raw.seconds.toFixed(1)} s; searching`);
  await banshi.waitMeiliIdle();
  const provinceSearch = await realistic(banshi, queries);
  const du = require('node:child_process').spawnSync('du', ['-sm', dataDir], { encoding: 'utf8' }).stdout.split('\t')[0];

  console.log(`\nscale benchmark — ${base.name} (${base.doc.matters.length} matters) and a generated province of ${total} matters`);
  console.log(`queries: ${queriesName}, realistic stream (Zipf s=1, seed 13, ${WARMUP} untimed requests first), ${CONNECTIONS} connections, ${DURATION} s`);
  console.log(`machine: ${machine()}; data directory after the run: ${du} MiB\n`);
  console.log(`import of the province's ${provinceDoc.matters.length} further matters (CLI, published): ${importSeconds.toFixed(1)} s`);
  console.log(`indexing (import done → change log applied, Meilisearch idle):  ${indexSeconds.toFixed(1)} s`);
  console.log(`Meilisearch's own bulk load of the same ${raw.count} documents:  ${raw.seconds.toFixed(1)} s  → ratio ${(indexSeconds / raw.seconds).toFixed(2)}× (aim ≤ 1.3×)`);
  console.log(`\n${'catalogue'.padEnd(28)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(8)}${'RSS MiB'.padStart(9)}`);
  for (const [label, r] of [[`city (${base.doc.matters.length})`, citySearch], [`province (${total})`, provinceSearch]]) {
    console.log(`${label.padEnd(28)}${r.rps.toFixed(0).padStart(8)}${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(r.errors).padStart(8)}${r.rss.toFixed(0).padStart(9)}`);
  }
  console.log(`p99 province / city: ${(provinceSearch.p99 / Math.max(citySearch.p99, 1)).toFixed(2)}× (aim ≤ 2×)`);
} finally {
  await banshi?.stop();
  if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
