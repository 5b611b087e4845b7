// npm run bench:freshness — commit-to-searchable latency: a raw SQL UPDATE of a published matter's name commits,
// then we poll Meilisearch until the new name is searchable. Prints p50 / p95 over N changes.
import { join } from 'node:path';
import { ROOT, corpus, machine, require, startBanshi } from './lib.mjs';

const N = Number(process.env.BENCH_CHANGES ?? 100);
const data = corpus();
const banshi = await startBanshi(join(ROOT, 'bench/.data'), 3900 + Math.floor(Math.random() * 90));
const pg = new (require('pg').Client)({ connectionString: banshi.pgUrl });
try {
  banshi.import(data.file);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  await pg.connect();
  const { rows } = await pg.query(`SELECT id, name FROM service_matters WHERE status = 'published' ORDER BY code LIMIT $1`, [N]);
  const times = [];
  for (const [k, row] of rows.entries()) {
    const marker = `bench${Date.now().toString(36)}${k}`;
    await pg.query(`UPDATE service_matters SET keywords = array_append(keywords, $2) WHERE id = $1`, [row.id, marker]);
    const t0 = performance.now();
    for (;;) {
      const res = await fetch(`${banshi.meiliUrl}/indexes/banshi_catalogue/search`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${banshi.meiliKey}` },
        body: JSON.stringify({ q: marker, limit: 1, attributesToRetrieve: ['id'] }),
      }).then((r) => r.json());
      if (res.hits?.length) break;
      if (performance.now() - t0 > 30_000) throw new Error('change not searchable after 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    times.push(performance.now() - t0);
    await pg.query(`UPDATE service_matters SET keywords = array_remove(keywords, $2) WHERE id = $1`, [row.id, marker]);
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(0);
  console.log(`\nfreshness — ${data.name}, ${times.length} published changes (raw SQL UPDATE → searchable in Meilisearch)`);
  console.log(`machine: ${machine()}`);
  console.log(`p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
} finally {
  await pg.end().catch(() => {});
  await banshi.stop();
}
