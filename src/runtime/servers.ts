import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { ChildServer } from './child-server';
import { canConnect, ensureDatabase, initialisePostgres, postgresReady, postgresUrl, PostgresRun, spawnPostgres } from './embedded-postgres';
import { meiliHealthy, meilisearchBinary, meilisearchReady, spawnMeilisearch } from './embedded-meilisearch';
import { freePort, portAnswers, processAlive } from './free-port';

export type ServerName = 'postgres' | 'meilisearch';

/** Where Banshi's backing servers are, and whether this process must stop them. */
export interface Servers {
  databaseUrl: string;
  meiliUrl: string;
  meiliApiKey?: string;
  /** Human-readable lines for the start banner. */
  describe: string[];
  /** The embedded servers this process started or adopted, and restarts if they crash (with `supervise`). */
  owned: ServerName[];
  /** Called after each restart of a crashed server (the metrics count them). */
  onRestart(listener: (name: ServerName) => void): void;
  /**
   * Stops the servers this process started (no-op for external or reused ones) and removes `runtime.json` if it
   * still names this process as the owner.
   */
  stop(): Promise<void>;
}

export interface AcquireOptions {
  /** Restart an owned server that exits on its own, with backoff (the long-running service; not CLI tasks). */
  supervise?: boolean;
  /**
   * Synchronous work to do while the servers start, once their processes are spawned (main.ts loads the
   * application's modules here: both take seconds, and they need not wait for each other).
   */
  whileStarting?: () => void;
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

/** A running server of ours: one we spawned, or one an earlier process of ours left behind. */
interface Running {
  pid: number;
  stop(signal: NodeJS.Signals): Promise<void>;
  whenExited(): Promise<void>;
}

/** A server started by an earlier process of ours that is gone: we can only signal and poll it by pid. */
function adopted(pid: number): Running {
  let poll: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => {
    poll = setInterval(() => {
      if (processAlive(pid)) return;
      clearInterval(poll);
      resolve();
    }, 1000);
    poll.unref();
  });
  return {
    pid,
    whenExited: () => exited,
    async stop(signal) {
      try {
        process.kill(pid, signal);
      } catch {
        clearInterval(poll);
        return;
      }
      for (let i = 0; i < 150 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
      clearInterval(poll);
    },
  };
}

/** One embedded server this process is responsible for: how to start it again on the same port and data. */
interface Owned {
  name: ServerName;
  current: Running;
  spawn(): ChildServer;
  ready(server: ChildServer): Promise<void>;
}

const PG_USER = 'banshi';
const PG_DATABASE = 'banshi';
/** Restart backoff: 1 s, doubling to at most 30 s; a server that then stays up a minute starts again at 1 s. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const STABLE_MS = 60_000;

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

export async function acquireServers(config: AppConfig, log: (line: string) => void = () => undefined, options: AcquireOptions = {}): Promise<Servers> {
  const owned: Owned[] = [];
  const describe: string[] = [];
  const listeners: ((name: ServerName) => void)[] = [];
  let databaseUrl = config.DATABASE_URL;
  let meiliUrl = config.MEILI_URL;
  let meiliApiKey = config.MEILI_API_KEY;
  let stopping = false;
  const runtimeFile = join(config.dataDir, 'runtime.json');

  /** Records a server's new pid after a restart, unless another process has taken the data directory over. */
  const recordPid = (name: ServerName, pid: number) => {
    const runtime = readJson<RuntimeFile>(runtimeFile);
    if (runtime?.ownerPid !== process.pid || !runtime[name]) return;
    runtime[name] = { ...runtime[name], pid };
    writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2));
  };

  /** Waits for an owned server to exit; unless we are stopping, starts it again with backoff. */
  const supervise = async (server: Owned) => {
    let backoff = BACKOFF_FIRST_MS;
    for (;;) {
      const since = Date.now();
      await server.current.whenExited();
      if (stopping) return;
      if (Date.now() - since > STABLE_MS) backoff = BACKOFF_FIRST_MS;
      log(`embedded ${server.name} (pid ${server.current.pid}) exited unexpectedly; restarting in ${backoff / 1000} s`);
      for (;;) {
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
        if (stopping) return;
        const child = server.spawn();
        server.current = child;
        try {
          await server.ready(child);
        } catch (e) {
          await child.stop('SIGKILL', 0);
          if (stopping) return;
          log(`embedded ${server.name} did not come back (${(e as Error).message}); next attempt in ${backoff / 1000} s`);
          continue;
        }
        if (stopping) {
          await child.stop(server.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
          return;
        }
        recordPid(server.name, child.pid);
        log(`embedded ${server.name} restarted (pid ${child.pid})`);
        for (const listener of listeners) listener(server.name);
        break;
      }
    }
  };

  if (!databaseUrl || !meiliUrl) {
    const dataDir = config.dataDir;
    mkdirSync(dataDir, { recursive: true });
    await withStartLock(dataDir, async () => {
      const secrets = secretsFor(dataDir);
      const runtime = readJson<RuntimeFile>(runtimeFile) ?? {};
      // Servers left running by a process that died (e.g. SIGKILL) are adopted: this process stops them at exit.
      const adopt = !processAlive(runtime.ownerPid);
      // Each branch resolves `spawned` once its process exists (or it needs none), so that `whileStarting` runs
      // while both servers boot, in parallel.
      const spawned: Promise<void>[] = [];

      const postgres = async (signal: () => void) => {
        const pgDir = join(dataDir, 'postgres');
        const pgLog = join(dataDir, 'postgres.log');
        const reuse = runtime.postgres && processAlive(runtime.postgres.pid) && (await portAnswers(runtime.postgres.port));
        const run: PostgresRun = {
          port: reuse ? runtime.postgres!.port : config.EMBEDDED_PG_PORT || (await freePort()),
          user: PG_USER,
          password: secrets.pgPassword,
          database: PG_DATABASE,
        };
        if (reuse && (await canConnect({ ...run, database: 'postgres' }))) {
          signal();
          describe.push(`PostgreSQL: embedded, already running (pid ${runtime.postgres!.pid}) on port ${run.port}, data ${pgDir}`);
          if (adopt)
            owned.push({
              name: 'postgres',
              current: adopted(runtime.postgres!.pid),
              spawn: () => spawnPostgres(pgDir, run, pgLog),
              ready: (s) => postgresReady(s, run, pgLog),
            });
        } else {
          if (!existsSync(join(pgDir, 'PG_VERSION'))) log(`Initialising embedded PostgreSQL in ${pgDir} …`);
          await initialisePostgres(pgDir, PG_USER, secrets.pgPassword, pgLog);
          const server = spawnPostgres(pgDir, run, pgLog);
          signal();
          await postgresReady(server, run, pgLog);
          owned.push({ name: 'postgres', current: server, spawn: () => spawnPostgres(pgDir, run, pgLog), ready: (s) => postgresReady(s, run, pgLog) });
          runtime.postgres = { pid: server.pid, port: run.port };
          describe.push(`PostgreSQL: embedded (embedded-postgres 18) on 127.0.0.1:${run.port}, data ${pgDir}`);
        }
        await ensureDatabase(run);
        databaseUrl = postgresUrl(run);
      };

      const meilisearch = async (signal: () => void) => {
        const msDir = join(dataDir, 'meilisearch');
        const msLog = join(dataDir, 'meilisearch.log');
        const reuse = runtime.meilisearch && processAlive(runtime.meilisearch.pid) && (await portAnswers(runtime.meilisearch.port));
        const port = reuse ? runtime.meilisearch!.port : config.EMBEDDED_MEILI_PORT || (await freePort());
        const url = `http://127.0.0.1:${port}`;
        const binary = meilisearchBinary(dataDir, config.MEILI_BINARY);
        const limits = { maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY, maxIndexingThreads: config.MEILI_MAX_INDEXING_THREADS };
        const spawn = () => spawnMeilisearch(binary, msDir, port, secrets.meiliMasterKey, msLog, limits);
        const ready = (s: ChildServer) => meilisearchReady(s, port, msLog);
        if (reuse && (await meiliHealthy(url))) {
          signal();
          describe.push(`Meilisearch: embedded, already running (pid ${runtime.meilisearch!.pid}) at ${url}, data ${msDir}`);
          if (adopt) owned.push({ name: 'meilisearch', current: adopted(runtime.meilisearch!.pid), spawn, ready });
        } else {
          const server = spawn();
          signal();
          await ready(server);
          owned.push({ name: 'meilisearch', current: server, spawn, ready });
          runtime.meilisearch = { pid: server.pid, port };
          describe.push(`Meilisearch: embedded (${binary}) at ${url}, data ${msDir}`);
        }
        meiliUrl = url;
        meiliApiKey = secrets.meiliMasterKey;
      };

      const branches: Promise<void>[] = [];
      for (const [needed, branch] of [
        [!databaseUrl, postgres],
        [!meiliUrl, meilisearch],
      ] as const) {
        if (!needed) continue;
        let signal!: () => void;
        spawned.push(new Promise<void>((r) => (signal = r)));
        const running = branch(() => signal());
        running.catch(() => signal());
        branches.push(running);
      }
      await Promise.all(spawned);
      options.whileStarting?.();
      const results = await Promise.allSettled(branches);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        // Do not leave the other server running behind a failed start.
        for (const server of owned) await server.current.stop(server.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
        throw failed.reason;
      }
      if (owned.length > 0) runtime.ownerPid = process.pid;
      writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2));
    });
  } else {
    options.whileStarting?.();
  }
  if (config.DATABASE_URL) describe.push(`PostgreSQL: external (DATABASE_URL)`);
  if (config.MEILI_URL) describe.push(`Meilisearch: external at ${config.MEILI_URL}`);
  if (options.supervise) for (const server of owned) void supervise(server);

  return {
    databaseUrl: databaseUrl!,
    meiliUrl: meiliUrl!,
    meiliApiKey,
    describe,
    owned: owned.map((s) => s.name),
    onRestart: (listener) => void listeners.push(listener),
    async stop() {
      stopping = true;
      // Meilisearch first (it depends on nothing), then Postgres with a fast shutdown (SIGINT).
      for (const name of ['meilisearch', 'postgres'] as const) {
        const server = owned.find((s) => s.name === name);
        await server?.current.stop(name === 'postgres' ? 'SIGINT' : 'SIGTERM');
      }
      if (owned.length > 0 && readJson<RuntimeFile>(runtimeFile)?.ownerPid === process.pid) rmSync(runtimeFile, { force: true });
      owned.length = 0;
    },
  };
}
