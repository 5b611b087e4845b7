// npm run bench:restart — how long a running installation takes to be ready again after a clean stop (issue 13:
// ≤ 8 s). The 广安区 catalogue is imported and indexed once; then the service is stopped (SIGTERM) and started again
// RUNS times, each timed from spawning the process to the first 200 of /health/ready (embedded PostgreSQL and
// Meilisearch started, migrations checked, the index found complete). `dist/` is built before, as a release is.
import { join } from 'node:path';
import { ROOT, corpus, machine, startBanshi } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const data = corpus();
const dir = join(ROOT, 'bench/.data-restart');
const port = 3900 + Math.floor(Math.random() * 90);
let banshi = await startBanshi(dir, port);
const times = [];
try {
  banshi.import(data.file);
  await banshi.waitIndexed();
  await banshi.waitMeiliIdle();
  for (let i = 0; i < RUNS; i++) {
    await banshi.stop();
    const t0 = performance.now();
    banshi = await startBanshi(dir, port);
    for (;;) {
      const res = await fetch(`${banshi.url}/health/ready`).catch(() => null);
      if (res?.status === 200) break;
      if (performance.now() - t0 > 120_000) throw new Error('not ready after 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    times.push(performance.now() - t0);
  }
} finally {
  await banshi.stop();
}
console.log(`\nrestart — ${data.name}, stop (SIGTERM) → start → /health/ready 200, ${RUNS} runs`);
console.log(`machine: ${machine()}`);
console.log(`${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}  [budget 8 s]`);
