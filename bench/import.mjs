// npm run bench:import — bulk import of 10,000 matters, as a clerk does it (HTTP, drafts of their departments) and
// as operations do it (CLI, published), against the raw cost of putting the same JSON into Postgres in the same run.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, machine, require, startBanshi } from './lib.mjs';

const N = Number(process.env.BENCH_MATTERS ?? 10_000);
const PASSWORD = 'Bench-Passw0rd-2026!';
const { buildBeizhenDemo } = require(join(ROOT, 'dist/seeds/beizhen/index.js'));
const demo = buildBeizhenDemo();
const departments = [...new Set(demo.matters.map((m) => m.departmentCode))];
const matters = (prefix) => Array.from({ length: N }, (_, i) => {
  const m = demo.matters[i % demo.matters.length];
  const { locations: _l, nearbyLocationCodes: _n, ...rest } = m; // places are not part of this run
  return { ...rest, code: `${prefix}-${String(i).padStart(5, '0')}`, name: `${m.name}（${i}）` };
});

const dataDir = join(ROOT, 'bench/.data-import');
rmSync(dataDir, { recursive: true, force: true });
const banshi = await startBanshi(dataDir, 3900 + Math.floor(Math.random() * 90));
const pg = new (require('pg').Client)({ connectionString: banshi.pgUrl });
const api = (token) => async (method, path, body, headers = {}) => {
  const res = await fetch(`${banshi.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
};
const signIn = async (login, password) => {
  const r = await fetch(`${banshi.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) }).then((x) => x.json());
  if (password !== PASSWORD) await api(r.token)('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: PASSWORD });
  return r.token;
};
const time = async (fn) => { const t0 = performance.now(); const r = await fn(); return [performance.now() - t0, r]; };
// /health/live probed every 100 ms while `fn` runs: the slowest answer shows how long the import held the event loop.
const probed = async (fn) => {
  let done = false;
  let worst = 0;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      await fetch(`${banshi.url}/health/live`);
      worst = Math.max(worst, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return [...(await time(fn)), worst];
  } finally {
    done = true;
    await probe;
  }
};

try {
  await pg.connect();
  const boot = banshi.cli('bootstrap');
  // spawnSync held this process past the server's 5 s keep-alive timeout: let fetch notice the closed idle socket
  // (from the start-up poll) before the next request, or it reuses it and fails with "other side closed".
  await new Promise((r) => setTimeout(r, 200));
  const pw = (login) => new RegExp(`^\\s+${login}\\s+\\S+\\s+(\\S+)$`, 'm').exec(boot.stdout)[1];
  const sys = api(await signIn('sysadmin', pw('sysadmin')));
  const sec = api(await signIn('secadmin', pw('secadmin')));
  await sys('POST', '/api/v1/admin/import', { format: 'banshi-exchange', version: 1, departments: demo.departments.filter((d) => departments.includes(d.code) || !d.parentCode) });
  const created = await sys('POST', '/api/v1/admin/accounts', { login: 'bench.editor', displayName: 'bench' });
  await sec('PUT', `/api/v1/admin/accounts/${created.account.id}/role`, { role: 'editor', departmentCodes: departments }, { 'if-match': String(created.account.version) });
  const editor = api(await signIn('bench.editor', created.initialPassword));
  const rssBefore = banshi.peakRssMiB();

  const draftDoc = JSON.stringify({ format: 'banshi-exchange', version: 1, matters: matters('BENCH-D') });
  const [dry, , dryProbe] = await probed(() => editor('POST', '/api/v1/admin/import?dryRun=true', draftDoc));
  const [drafts, report, draftsProbe] = await probed(() => editor('POST', '/api/v1/admin/import?submit=true', draftDoc));
  const [again, refused] = await time(() => editor('POST', '/api/v1/admin/import?dryRun=true', draftDoc).then(() => 'accepted', (e) => (/ 422 /.test(e.message) ? 'refused' : Promise.reject(e))));
  if (refused !== 'refused') throw new Error('a second import of records waiting for review must be refused');

  const file = join(dataDir, 'published.json');
  writeFileSync(file, JSON.stringify({ format: 'banshi-exchange', version: 1, matters: matters('BENCH-P') }));
  const [cli, r] = await time(async () => banshi.cli('import', [file]));
  if (r.status !== 0) throw new Error(r.stderr);

  // Raw Postgres: the same 10,000 JSON records inserted as rows of a scratch table (no validation, no children).
  await pg.query(`CREATE TEMP TABLE raw_import (doc jsonb)`);
  const [raw] = await time(() => pg.query(`INSERT INTO raw_import SELECT * FROM jsonb_array_elements($1::jsonb)`, [JSON.stringify(matters('RAW'))]));

  console.log(`\nbulk import — ${N} matters (北镇市 demo records, all fields but places), one editor of ${departments.length} departments`);
  console.log(`machine: ${machine()}`);
  console.log(`raw Postgres INSERT of the same JSON rows:          ${(raw / 1000).toFixed(2)} s  (1.0×)`);
  console.log(`HTTP dry run (validate, references, report):         ${(dry / 1000).toFixed(2)} s  (${(dry / raw).toFixed(1)}×)`);
  console.log(`HTTP import as drafts + submit (${report.counts.matters.created} created):      ${(drafts / 1000).toFixed(2)} s  (${(drafts / raw).toFixed(1)}×)`);
  console.log(`HTTP dry run again (refused: waiting for review):    ${(again / 1000).toFixed(2)} s`);
  console.log(`CLI import, published (tables, children, change log): ${(cli / 1000).toFixed(2)} s  (${(cli / raw).toFixed(1)}×, includes process start)`);
  console.log(`service peak RSS: ${rssBefore.toFixed(0)} MiB before the imports, ${banshi.peakRssMiB().toFixed(0)} MiB after`);
  console.log(`slowest /health/live answer during the HTTP dry run: ${dryProbe.toFixed(0)} ms, during the import: ${draftsProbe.toFixed(0)} ms`);
} finally {
  await pg.end().catch(() => {});
  await banshi.stop();
}
