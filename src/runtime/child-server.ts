import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * The environment of a server we start: only what it needs plus `extra`. Not our own environment, which holds
 * the service's secrets (AUDIT_KEY, DATABASE_URL …): as root, PostgreSQL runs as the `postgres` user, who could read
 * them in /proc/PID/environ, and Meilisearch would take an inherited MEILI_* variable as one of its options.
 */
export function serverEnv(extra: Record<string, string>, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'TZ']) if (parent[name] !== undefined) env[name] = parent[name];
  return { ...env, ...extra };
}

/**
 * A server process Banshi started and must stop. Its output goes to a log file under the data directory
 * (not to our stdout, so the service's own log stays readable).
 */
export class ChildServer {
  private readonly exited: Promise<void>;
  private failed = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      // The binary could not be started at all (ENOENT, EACCES): no 'exit' follows.
      child.once('error', () => {
        this.failed = true;
        resolve();
      });
    });
  }

  static start(name: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): ChildServer {
    const log = createWriteStream(logFile, { flags: 'a' });
    // Own process group: Ctrl-C in a terminal signals the whole foreground group, and the servers must not stop
    // before the app has finished with them; the app stops them itself, in order (servers.ts).
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // Two pipes into one file: neither may end it (the other would then write after its end, an unhandled
    // 'error' that killed the service when initdb closed stdout before stderr); it ends when both are drained.
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    let ended = false;
    const end = () => {
      if (!ended) log.end();
      ended = true;
    };
    child.once('close', end); // after the process exited and both pipes were drained
    child.once('error', end);
    return new ChildServer(name, child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return !this.failed && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal`, waits up to `graceMs`, then SIGKILLs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Resolves when the process exits (e.g. it crashed). */
  whenExited(): Promise<void> {
    return this.exited;
  }
}
