import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ChildServer } from '../../src/runtime/child-server';
import { meilisearchBinary, spawnMeilisearch, meilisearchReady } from '../../src/runtime/embedded-meilisearch';
import { ensureDatabase, initialisePostgres, postgresReady, postgresUrl, PostgresRun, spawnPostgres } from '../../src/runtime/embedded-postgres';
import { freePort } from '../../src/runtime/free-port';

/**
 * Servers of a several-machine topology started on this one (test/topology.e2e-spec.ts): a Postgres primary with a
 * streaming standby made by the low-level base backup API (the embedded package ships no pg_basebackup), and
 * independent Meilisearch nodes. Everything lives in one temporary directory, removed by `stop()`.
 */
export class Topology {
  readonly dir = mkdtempSync(join(tmpdir(), 'banshi-topology-'));
  readonly meiliKey = randomBytes(18).toString('base64url');
  // As root, Postgres runs as the `postgres` user, which must be able to enter the (0700) temporary directory.
  private readonly opened = chmodSync(this.dir, 0o755);
  private readonly pgPassword = randomBytes(18).toString('base64url');
  private readonly servers: ChildServer[] = [];
  primary?: { run: PostgresRun; url: string; server: ChildServer };
  replica?: { run: PostgresRun; url: string; server: ChildServer };
  readonly meili: { url: string; port: number; dir: string; server: ChildServer }[] = [];

  async startPrimary(): Promise<void> {
    const dataDir = join(this.dir, 'pg-primary');
    const run: PostgresRun = { port: await freePort(), user: 'banshi', password: this.pgPassword, database: 'banshi' };
    const log = join(this.dir, 'pg-primary.log');
    await initialisePostgres(dataDir, run.user, run.password, log);
    const server = this.track(spawnPostgres(dataDir, run, log));
    await postgresReady(server, run, log);
    await ensureDatabase(run);
    this.primary = { run, url: postgresUrl(run), server };
  }

  /**
   * A streaming standby of the primary: a physical replication slot (the primary keeps the WAL the standby still
   * needs), pg_backup_start, a copy of the data directory (without pg_wal and the lock file), pg_backup_stop whose
   * label file becomes backup_label, then standby.signal and primary_conninfo. initdb's pg_hba.conf already lets
   * 127.0.0.1 connect for replication, and wal_level=replica is the default.
   */
  async startReplica(): Promise<void> {
    const primary = this.primary!;
    const source = join(this.dir, 'pg-primary');
    const target = join(this.dir, 'pg-replica');
    const c = new Client({ connectionString: primary.url });
    await c.connect();
    try {
      await c.query(`SELECT pg_create_physical_replication_slot('banshi_replica', true)`);
      await c.query(`SELECT pg_backup_start('banshi-topology', true)`);
      execFileSync('cp', ['-a', source, target]);
      const { rows } = await c.query<{ labelfile: string }>(`SELECT labelfile FROM pg_backup_stop(false)`);
      rmSync(join(target, 'postmaster.pid'), { force: true });
      rmSync(join(target, 'postmaster.opts'), { force: true });
      // The documented exclusions: WAL (streamed from the slot instead) and the primary's replication slots.
      for (const dir of ['pg_wal', 'pg_replslot']) rmSync(join(target, dir), { recursive: true, force: true });
      mkdirSync(join(target, 'pg_wal', 'archive_status'), { recursive: true });
      mkdirSync(join(target, 'pg_replslot'));
      writeFileSync(join(target, 'backup_label'), rows[0].labelfile);
      writeFileSync(join(target, 'standby.signal'), '');
      const conninfo = `host=127.0.0.1 port=${primary.run.port} user=${primary.run.user} password=${primary.run.password} application_name=banshi_replica`;
      appendFileSync(join(target, 'postgresql.auto.conf'), `primary_conninfo = '${conninfo}'\nprimary_slot_name = 'banshi_replica'\n`);
      // As root, Postgres runs as the `postgres` user (embedded-postgres.ts): the copy must be its own, mode 0700.
      const { uid, gid } = statSync(source);
      execFileSync('chown', ['-R', `${uid}:${gid}`, target]);
      execFileSync('chmod', ['700', target]);
    } finally {
      await c.end();
    }
    const run: PostgresRun = { ...primary.run, port: await freePort() };
    const log = join(this.dir, 'pg-replica.log');
    const server = this.track(spawnPostgres(target, run, log));
    await postgresReady(server, run, log);
    this.replica = { run, url: postgresUrl(run), server };
  }

  /** Starts Meilisearch node `i` (0-based), or starts it again on the same port and data after a kill. */
  async startMeili(i: number): Promise<void> {
    const existing = this.meili[i];
    const port = existing?.port ?? (await freePort());
    const dir = existing?.dir ?? join(this.dir, `meili-${i + 1}`);
    const log = join(this.dir, `meili-${i + 1}.log`);
    const server = this.track(
      spawnMeilisearch(meilisearchBinary(this.dir), dir, port, this.meiliKey, log, { maxIndexingMemory: '128MiB', maxIndexingThreads: 1 }),
    );
    await meilisearchReady(server, port, log);
    this.meili[i] = { url: `http://127.0.0.1:${port}`, port, dir, server };
  }

  /** SIGKILL: no shutdown at all, as when a machine dies. */
  async killMeili(i: number): Promise<void> {
    await this.meili[i].server.stop('SIGKILL', 0);
  }

  /** The app's Meilisearch documents of a node: id → version. */
  async meiliDocuments(i: number, indexPrefix: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let offset = 0; ; offset += 1000) {
      const res = await fetch(`${this.meili[i].url}/indexes/${indexPrefix}_catalogue/documents?fields=id,version&limit=1000&offset=${offset}`, {
        headers: { authorization: `Bearer ${this.meiliKey}` },
      });
      const page = (await res.json()) as { results: { id: string; version: number }[] };
      for (const d of page.results) out.set(d.id, d.version);
      if (page.results.length < 1000) return out;
    }
  }

  async stop(): Promise<void> {
    for (const s of [...this.servers].reverse()) await s.stop('SIGINT', 10_000).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private track(server: ChildServer): ChildServer {
    this.servers.push(server);
    return server;
  }
}
