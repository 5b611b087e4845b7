// npm run bench:portal — the portal's budgets (issue 11), on the 北镇市 demo data:
//   matter page HTML ≤ 60 KB gzip for the largest demo matter (every matter page is fetched and measured);
//   CSS ≤ 20 KB and JS ≤ 15 KB in total (as served, raw and gzip);
//   p95 latency ≤ 20 ms for a matter page and ≤ 40 ms for a results page at 10 concurrent connections.
// Latency is measured end to end by a client on the same two cores (it includes the data fetch, Meilisearch for
// results, rendering and loopback HTTP), so it overstates the server's own time a little.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, machine, require, startBanshi } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const { buildBeizhenDemo } = require(join(ROOT, 'dist/seeds/beizhen/index.js'));
const demo = buildBeizhenDemo();
const file = join(ROOT, 'bench/.data-demo.json');
writeFileSync(file, JSON.stringify(demo));
const queries = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'test/search-quality/beizhen-queries.json'), 'utf8')).queries.map((q) => q.q);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** CONNECTIONS workers requesting paths in turn for SECONDS; latencies in ms. */
async function load(url, nextPath) {
  const latencies = [];
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < until) {
      const t = performance.now();
      const res = await fetch(url + nextPath());
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 200) errors++;
    }
  }));
  latencies.sort((a, b) => a - b);
  return { n: latencies.length, rps: latencies.length / SECONDS, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors };
}

const banshi = await startBanshi(join(ROOT, 'bench/.data-portal'), 3900 + Math.floor(Math.random() * 90));
try {
  banshi.import(file);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();

  // sizes: every matter page, gzip (level 6, what a reverse proxy would send)
  let largest = { code: '', raw: 0, gzip: 0 };
  for (const m of demo.matters) {
    const html = Buffer.from(await (await fetch(`${banshi.url}/matters/${m.code}`)).arrayBuffer());
    const gzip = gzipSync(html).length;
    if (gzip > largest.gzip) largest = { code: m.code, name: m.name, raw: html.length, gzip };
  }
  const home = await (await fetch(`${banshi.url}/`)).text();
  const print = await (await fetch(`${banshi.url}/matters/${largest.code}/print`)).text();
  const assetUrls = [...new Set([...`${home}${print}`.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((x) => x[1]))];
  const assets = [];
  for (const u of assetUrls) {
    const body = Buffer.from(await (await fetch(banshi.url + u)).arrayBuffer());
    assets.push({ url: u, raw: body.length, gzip: gzipSync(body).length });
  }
  const sum = (ext, k) => assets.filter((a) => a.url.endsWith(ext)).reduce((s, a) => s + a[k], 0);

  // latency
  const codes = demo.matters.map((m) => m.code);
  let i = 0;
  let j = 0;
  await load(banshi.url, () => `/matters/${codes[i++ % codes.length]}`); // warm-up
  const matter = await load(banshi.url, () => `/matters/${codes[i++ % codes.length]}`);
  const results = await load(banshi.url, () => `/search?q=${encodeURIComponent(queries[j++ % queries.length])}`);
  const largestOnly = await load(banshi.url, () => `/matters/${largest.code}`);

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n) => `${n.toFixed(1)} ms`;
  console.log(`\nportal benchmark — 北镇市 demo (${codes.length} matters), ${CONNECTIONS} connections, ${SECONDS} s per run`);
  console.log(`machine: ${machine()} (load generator on the same machine)\n`);
  console.log(`largest matter page: ${largest.name} (${largest.code}) ${kb(largest.raw)} raw, ${kb(largest.gzip)} gzip  [budget 60 KB gzip]`);
  for (const a of assets) console.log(`  ${a.url.padEnd(40)} ${kb(a.raw).padStart(9)} raw ${kb(a.gzip).padStart(9)} gzip`);
  console.log(`CSS total ${kb(sum('.css', 'raw'))} raw / ${kb(sum('.css', 'gzip'))} gzip  [budget 20 KB]`);
  console.log(`JS total  ${kb(sum('.js', 'raw'))} raw / ${kb(sum('.js', 'gzip'))} gzip  [budget 15 KB]\n`);
  console.log('page'.padEnd(34), 'req/s'.padStart(7), 'p50'.padStart(9), 'p95'.padStart(9), 'p99'.padStart(9), 'errors'.padStart(7));
  for (const [name, r, budget] of [['matter pages (all, in turn)', matter, 20], ['largest matter page', largestOnly, 20], ['results pages (45 queries)', results, 40]]) {
    console.log(name.padEnd(34), r.rps.toFixed(0).padStart(7), ms(r.p50).padStart(9), ms(r.p95).padStart(9), ms(r.p99).padStart(9), String(r.errors).padStart(7), `  [p95 budget ${budget} ms]`);
  }
} finally {
  await banshi.stop();
}
