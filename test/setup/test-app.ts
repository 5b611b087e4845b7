import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { freePort } from '../../src/runtime/free-port';

const ROOT = join(__dirname, '..', '..');
/** The audit HMAC key of test instances (a test greps the logs for it, as for every test secret). */
export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789';

export interface Banshi {
  url: string;
  http: () => ReturnType<typeof request>;
  databaseUrl: string;
  indexPrefix: string;
  meiliUrl: string;
  meiliKey?: string;
  env: Record<string, string>;
  /** Runs SQL against this instance's database. */
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  /** Runs one of the CLI commands (dist/src/cli/NAME.js) with this instance's configuration. */
  cli: (name: string, args?: string[]) => { status: number; stdout: string; stderr: string };
  /** Starts the service process again on the same database and index (after stop()). */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  close: () => Promise<void>;
  logs: () => string;
}

/**
 * The real service, built (npm test builds first) and started as its own process — exactly what `npm start`
 * runs — against a fresh database cloned from the migrated template and a fresh index prefix, so test files
 * run in parallel without seeing each other. (NestJS 12 ships ES modules, which Jest's CommonJS runtime cannot
 * load in-process; a real process also tests start-up, configuration and shutdown.)
 */
export async function startBanshi(extraEnv: Record<string, string> = {}): Promise<Banshi> {
  const baseUrl = process.env.BANSHI_TEST_DATABASE_URL!;
  const suffix = randomBytes(5).toString('hex');
  const database = `banshi_t_${suffix}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE banshi_test_template`);
  await admin.end();
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${database}`;
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    MEILI_URL: process.env.BANSHI_TEST_MEILI_URL!,
    MEILI_API_KEY: process.env.BANSHI_TEST_MEILI_KEY ?? '',
    MEILI_INDEX_PREFIX: `t_${suffix}`,
    PORT: String(port),
    SEED: 'none',
    LOG_LEVEL: 'warn',
    AUDIT_KEY: TEST_AUDIT_KEY,
    // Tests send everything from 127.0.0.1; test/protection.e2e-spec.ts sets low limits to test them.
    PUBLIC_RATE_LIMIT: '1000000',
    SIGN_IN_RATE_LIMIT: '100000',
    SIGN_IN_ACCOUNT_RATE_LIMIT: '100000',
    WORKFLOW_TICK_MS: '200',
    ...extraEnv,
  };
  let output = '';
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;

  const start = async () => {
    child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Banshi exited during start:\n${output}`);
      try {
        const res = await fetch(`${url}/api/v1/stats`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`Banshi did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await start();

  return {
    url,
    http: () => request(url),
    databaseUrl: env.DATABASE_URL,
    indexPrefix: env.MEILI_INDEX_PREFIX,
    meiliUrl: env.MEILI_URL,
    meiliKey: env.MEILI_API_KEY || undefined,
    env,
    sql: async (text, params = []) => {
      const c = new Client({ connectionString: env.DATABASE_URL });
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    cli: (name, args = []) => {
      const r = spawnSync(process.execPath, [join(ROOT, `dist/src/cli/${name}.js`), ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 300_000,
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    restart: start,
    stop,
    close: async () => {
      await stop();
      for (const uid of [`${env.MEILI_INDEX_PREFIX}_catalogue`, `${env.MEILI_INDEX_PREFIX}_locations`]) {
        await fetch(`${env.MEILI_URL}/indexes/${uid}`, { method: 'DELETE', headers: { authorization: `Bearer ${env.MEILI_API_KEY}` } }).catch(() => undefined);
      }
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    },
    logs: () => output,
  };
}

/** Polls `check` until it returns a truthy value (the index is eventually consistent with Postgres). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
