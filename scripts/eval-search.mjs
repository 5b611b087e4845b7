// npm run eval:search — search quality on every visible evaluation set, each catalogue on a fresh instance.
// For each catalogue: a new Banshi (SEED=none, its own DATA_DIR, embedded servers), the catalogue imported with the
// CLI, a wait until the index has caught up (change-log backlog zero AND no Meilisearch task enqueued or processing),
// then ../shared/eval/run-eval.mjs on each of its query sets. Prints one table. Needs ../shared (not part of the build).
// Options: EVAL_ONLY=guangan|beizhen (one catalogue), EVAL_VERBOSE=1 (every query's rank), EVAL_KEEP=1 (keep data dirs).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, require, startBanshi } from '../bench/lib.mjs';

const SHARED = resolve(ROOT, '..', 'shared');
const RUN_EVAL = join(SHARED, 'eval/run-eval.mjs');
const CATALOGUES = [
  { name: 'guangan', label: '广安区', file: join(SHARED, 'data/guangan/exchange.json'), sets: ['guangan-dev', 'guangan-dev2'] },
  { name: 'beizhen', label: '北镇市 (frozen)', file: join(SHARED, 'data/beizhen/exchange.json'), sets: ['beizhen-dev'] },
].filter((c) => !process.env.EVAL_ONLY || process.env.EVAL_ONLY.split(',').includes(c.name));

if (!existsSync(RUN_EVAL)) {
  console.error(`eval:search needs ${RUN_EVAL} (the shared evaluation material); it is not part of the project.`);
  process.exit(2);
}

/**
 * The relay has applied every change-log row (a missing cursor row counts as "nothing applied yet", so the wait
 * cannot pass before the relay's first batch) and Meilisearch has no task enqueued or processing.
 */
async function caughtUp(banshi, prefix = 'banshi') {
  const pg = new (require('pg').Client)({ connectionString: banshi.pgUrl });
  await pg.connect();
  try {
    for (;;) {
      const { rows } = await pg.query(
        `SELECT count(*)::int AS n FROM change_log c WHERE (c.txid, c.id) >
        COALESCE((SELECT (last_txid, last_id) FROM search_sync_state WHERE consumer = $1), (0::bigint, 0::bigint))`,
        [`index:${prefix}_catalogue`],
      );
      if (rows[0].n === 0) {
        await banshi.waitMeiliIdle();
        const again = await pg.query(
          `SELECT count(*)::int AS n FROM change_log c WHERE (c.txid, c.id) >
          COALESCE((SELECT (last_txid, last_id) FROM search_sync_state WHERE consumer = $1), (0::bigint, 0::bigint))`,
          [`index:${prefix}_catalogue`],
        );
        if (again.rows[0].n === 0) return;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await pg.end();
  }
}

const rows = [];
for (const c of CATALOGUES) {
  const dataDir = join(ROOT, `.eval-data/${c.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const started = Date.now();
  const banshi = await startBanshi(dataDir, 3800 + Math.floor(Math.random() * 90));
  try {
    banshi.import(c.file);
    await caughtUp(banshi);
    console.error(`${c.label}: imported and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const set of c.sets) {
      const r = spawnSync(
        process.execPath,
        [RUN_EVAL, '--queries', join(SHARED, `eval/${set}.json`), '--url', `${banshi.url}/api/v1/search?q={q}&limit=10`, '--json'],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
      if (r.status !== 0) throw new Error(`run-eval failed on ${set}: ${r.stderr}`);
      const { overall, byKind, rows: queries } = JSON.parse(r.stdout);
      if (process.env.EVAL_VERBOSE) {
        for (const q of queries) console.log(`${set}\t${q.rank ? `rank ${q.rank}` : 'MISS'}\t${q.kind}\t${q.q}${q.error ? `\t${q.error}` : ''}`);
      }
      const neg = byKind.negative;
      rows.push({ set, ...overall, negatives: neg ? `${Math.round(neg.hit1 * neg.n)}/${neg.n}` : '—' });
    }
  } finally {
    await banshi.stop();
    if (!process.env.EVAL_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

const f = (x) => x.toFixed(3);
console.log('\n| set | n | hit@1 | hit@5 | MRR@10 | zero | negatives right | errors |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.set} | ${r.n} | ${f(r.hit1)} | ${f(r.hit5)} | ${f(r.mrr10)} | ${f(r.zero)} | ${r.negatives} | ${r.errors} |`);
