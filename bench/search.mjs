// npm run bench:search — Banshi's search API against raw Meilisearch answering the very requests Banshi sends
// it (built by the same compiled code: understandQuery + buildSearchRequests), in the same run, same machine.
import autocannon from 'autocannon';
import { join } from 'node:path';
import { ROOT, corpus, machine, require, startBanshi } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const { understandQuery } = require(join(ROOT, 'dist/src/search/query-understanding.js'));
const { mainRequest, homophoneRequest } = require(join(ROOT, 'dist/src/search/search-query.js'));

function run(name, opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts }, (err, r) => (err ? reject(err) : resolve({ name, r })));
  });
}

const data = corpus();
const banshi = await startBanshi(join(ROOT, 'bench/.data'), 3900 + Math.floor(Math.random() * 90));
try {
  banshi.import(data.file);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  const q = data.queries;
  let i = 0;
  const banshiReq = () => `/api/v1/search?q=${encodeURIComponent(q[i++ % q.length])}&limit=10`;
  // For each query, the requests Banshi sends for it (main, plus the homophone query when the main one matches
  // weakly), found by asking Meilisearch once; raw Meilisearch then answers them as one multi-search.
  const bodies = [];
  for (const text of q) {
    const uq = understandQuery(text);
    const main = mainRequest('banshi_catalogue', uq, {}, 10, true);
    const first = await fetch(`${banshi.meiliUrl}/multi-search`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${banshi.meiliKey}` },
      body: JSON.stringify({ queries: [main] }),
    }).then((r) => r.json());
    const second = homophoneRequest('banshi_catalogue', uq, {}, 10, first.results[0]);
    bodies.push(JSON.stringify({ queries: second ? [main, second] : [main] }));
  }
  const homophones = bodies.filter((b) => JSON.parse(b).queries.length === 2).length;
  let j = 0;
  const meiliBody = () => bodies[j++ % bodies.length];

  await run('warm-up', { url: banshi.url, duration: 2, requests: [{ setupRequest: (r) => ({ ...r, path: banshiReq() }) }] });
  const b = await run('Banshi GET /api/v1/search', { url: banshi.url, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: banshiReq() }) }] });
  const m = await run('raw Meilisearch POST /multi-search', {
    url: banshi.meiliUrl,
    requests: [{
      method: 'POST', path: '/multi-search',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${banshi.meiliKey}` },
      setupRequest: (r) => ({ ...r, body: meiliBody() }),
    }],
  });
  console.log(`\nsearch benchmark — ${data.name}, ${q.length} queries in turn, ${CONNECTIONS} connections, ${DURATION} s each`);
  console.log(`machine: ${machine()} (load generator on the same machine)`);
  console.log(`${homophones} of ${q.length} queries also need the homophone query\n`);
  console.log('target'.padEnd(38), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
  for (const { name, r } of [b, m]) {
    console.log(name.padEnd(38), r.requests.average.toFixed(0).padStart(8), String(r.latency.p50).padStart(8), String(r.latency.p99).padStart(8), String(r.errors + r.non2xx).padStart(7));
  }
  console.log(`\nratio Banshi / raw Meilisearch throughput: ${(b.r.requests.average / m.r.requests.average).toFixed(2)}×`);
} finally {
  await banshi.stop();
}
