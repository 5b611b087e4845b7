import { Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

/** How often the replica's health is probed while public reads use it. */
const PROBE_MS = 2000;

/** How far the replica is behind the primary, as /health/ready and /metrics report it. */
export interface ReplicaLag {
  /** WAL bytes received by the primary and not yet replayed by the replica. */
  bytes: number;
  /** Seconds since the last replayed transaction, 0 when nothing is waiting (an idle primary is not lag). */
  seconds: number;
}

/**
 * The optional Postgres read replica (DATABASE_READ_URL, a streaming standby of DATABASE_URL).
 *
 * One mechanism: a second TypeORM DataSource, and code that serves uncached public reads asks for it explicitly
 * (`replica.dataSource` / `replica.query`: the search fallback, exports). The public catalogue pages do not: they are
 * memoised per instance and dropped at every commit (catalogue-read-cache.ts); a miss read from a replica that has not
 * replayed the commit yet would stay memoised, stale, until the next catalogue commit. Everything else — staff and integration writes, and every staff read,
 * so a clerk always reads their own writes — stays on the primary DataSource Nest injects everywhere. TypeORM's own
 * `replication: { master, slaves }` was not used: it routes every SELECT query builder outside a transaction to a
 * replica, staff reads included, so read-your-writes would need per-request switching in every service.
 *
 * Without DATABASE_READ_URL `dataSource` is the primary and nothing changes. When the replica cannot be reached a
 * read falls back to the primary (logged), so a replica outage costs primary load, never a failed public request.
 */
@Injectable()
export class ReadReplica implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReadReplica.name);
  private readonly replica?: DataSource;
  private replicaUp = true;
  private probedAt = 0;
  private probing?: Promise<void>;

  constructor(
    private readonly primary: DataSource,
    config: AppConfig,
  ) {
    if (config.DATABASE_READ_URL) {
      this.replica = new DataSource(
        dataSourceOptions(config.DATABASE_READ_URL, { migrations: [], extra: { max: 20, application_name: 'banshi-read', connectionTimeoutMillis: 2000 } }),
      );
    }
  }

  get configured(): boolean {
    return !!this.replica;
  }

  /**
   * Where public reads go: the replica when configured, connected and answering, else the primary. Whether it answers
   * is probed (`SELECT 1`) at most every PROBE_MS in the background, so a replica that dies costs the public reads of
   * at most about that long (those through `query()` are retried on the primary at once).
   */
  get dataSource(): DataSource {
    if (!this.replica) return this.primary;
    if (Date.now() - this.probedAt > PROBE_MS) this.probe();
    return this.replica.isInitialized && this.replicaUp ? this.replica : this.primary;
  }

  private probe(): void {
    if (this.probing) return;
    this.probedAt = Date.now();
    this.probing = (async () => {
      try {
        if (!this.replica!.isInitialized) await this.replica!.initialize();
        await this.replica!.query('SELECT 1');
        if (!this.replicaUp) this.logger.log('read replica answers: public reads go there');
        this.replicaUp = true;
      } catch (e) {
        if (this.replicaUp) this.logger.warn(`read replica not answering (${(e as Error).message}); public reads use the primary`);
        this.replicaUp = false;
      } finally {
        this.probing = undefined;
      }
    })();
  }

  async onModuleInit(): Promise<void> {
    // A replica that is down at start must not keep the app from starting: reads use the primary meanwhile.
    await this.replica?.initialize().catch((e: Error) => {
      this.replicaUp = false;
      this.logger.warn(`read replica not reachable at start (${e.message}); public reads use the primary`);
    });
    this.probedAt = Date.now();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probing;
    if (this.replica?.isInitialized) await this.replica.destroy();
  }

  /** A read on the replica; on the primary when the replica is not configured or cannot be reached. */
  async query<T = unknown>(sql: string, params?: unknown[]): Promise<T> {
    const source = this.dataSource;
    if (source === this.primary) return this.primary.query(sql, params);
    try {
      return (await source.query(sql, params)) as T;
    } catch (e) {
      if (!unreachable(e)) throw e;
      this.logger.warn(`read replica failed (${(e as Error).message}); reading from the primary`);
      this.replicaUp = false;
      return this.primary.query(sql, params);
    }
  }

  /** Replica lag, or null without a replica (or when either server cannot be asked). */
  async lag(): Promise<ReplicaLag | null> {
    if (!this.replica) return null;
    try {
      if (!this.replica.isInitialized) await this.replica.initialize();
      const [{ lsn }] = await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const [row] = await this.replica.query(
        `SELECT pg_wal_lsn_diff($1::pg_lsn, COALESCE(pg_last_wal_replay_lsn(), $1::pg_lsn))::float AS bytes,
                COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float AS seconds`,
        [lsn],
      );
      const bytes = Math.max(0, Number(row.bytes));
      return { bytes, seconds: bytes > 0 ? Math.max(0, Math.round(Number(row.seconds) * 10) / 10) : 0 };
    } catch (e) {
      this.logger.warn(`read replica lag not available: ${(e as Error).message}`);
      return null;
    }
  }
}

/** A connection-level failure (no answer, shutting down, recovery conflict), not an error in the query itself. */
function unreachable(e: unknown): boolean {
  const code = String((e instanceof QueryFailedError ? (e.driverError as { code?: string }).code : (e as { code?: string })?.code) ?? '');
  return !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P') || code === '40001';
}

/** Imported by the modules whose public reads use the replica (search, exchange) and by health and metrics. */
@Module({ providers: [ReadReplica], exports: [ReadReplica] })
export class ReadReplicaModule {}
