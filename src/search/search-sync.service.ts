import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeLogService, ChangeRow } from '../change-log/change-log.service';
import { Cursor } from '../change-log/change-cursor';
import { MeiliError } from './meili.client';
import { EntityRef, SearchDocumentsService } from './search-documents.service';
import { SearchIndexService } from './search-index.service';
import { SearchOptions } from './search.options';

const BATCH = 1000;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
const DEAD_LETTER_AFTER = 5;
/** One relay per index prefix and Meilisearch node across all app instances (session advisory lock). */
const LEADER_LOCK = (prefix: string, node: string) => `banshi-search-relay:${prefix}${node}`;

/**
 * Which Meilisearch node a relay feeds. Every node is an independent replica with its own cursor row and its own
 * leader lock, so a node that was down catches up alone. The first node keeps the names a single node always had
 * (suffix ''), so an installation that lists a second node continues the first one's cursor instead of replaying
 * the whole change log; node n ≥ 2 gets the suffix `#n` (the position in MEILI_URL, the same on every instance).
 */
export interface RelayNode {
  suffix: string;
}

/**
 * The relay from the change log (written by triggers in the same transaction as every change) to Meilisearch.
 * - Reads rows after its cursor in (txid, id) order, only below the oldest running transaction, so a
 *   transaction that commits late is never skipped.
 * - State-based and idempotent: re-reads each record and writes its current state (search-documents.service).
 * - Wakes on NOTIFY within milliseconds, polls every second as a fallback.
 * - One leader per index across instances (pg_try_advisory_lock); the others stand by and take over.
 * - Meilisearch down: retries with backoff, never advances the cursor past unapplied work. A record Meilisearch
 *   keeps rejecting goes to search_dead_letters after 5 attempts so the rest can proceed.
 */
export class SearchSyncService {
  private readonly logger: Logger;
  private listener?: Client;
  private running = false;
  private wake?: () => void;
  /** A NOTIFY arrived while the relay was busy (no sleep to cut short): the next sleep returns at once. */
  private woken = false;
  private loop?: Promise<void>;
  private leader = false;
  private failures = 0;
  private settingsCheckedAt = 0;
  private rebuildRequested = false;
  lastError: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndexService,
    private readonly documents: SearchDocumentsService,
    private readonly changeLog: ChangeLogService,
    private readonly options: SearchOptions,
    private readonly node: RelayNode = { suffix: '' },
  ) {
    this.logger = new Logger(`${SearchSyncService.name}${node.suffix}`);
  }

  get consumer(): string {
    return `index:${this.index.catalogueUid}${this.node.suffix}`;
  }

  /** Whether this process currently holds the relay lock of this node. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Started and stopped by SearchNodes (search-nodes.service.ts), one relay per node. */
  start(): void {
    if (!this.options.sync || this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Before TypeORM closes its pool (which happens in onApplicationShutdown). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Staff changed the lexicon: re-check the settings now (a rebuild follows if tokenisation changed). */
  settingsChanged(): void {
    this.settingsCheckedAt = 0;
    this.wake?.();
  }

  /** Backlog: change-log rows not yet applied, and the age of the oldest. */
  async backlog(): Promise<{ rows: number; oldestSeconds: number }> {
    const c = await this.readCursor();
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS rows, COALESCE(EXTRACT(EPOCH FROM now() - min(changed_at)), 0)::float AS age
       FROM change_log WHERE (txid, id) > ($1::bigint, $2::bigint)`,
      [c.txid, c.id],
    );
    return { rows: row.rows, oldestSeconds: Math.round(row.age) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.connectListener();
        if (!this.leader) {
          const [{ ok }] = await this.listener!.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [
            LEADER_LOCK(this.index.catalogueUid, this.node.suffix),
          ]).then((r) => r.rows);
          if (ok) {
            this.leader = true;
            this.logger.log(`search relay is leader for ${this.index.catalogueUid}${this.node.suffix}`);
            this.rebuildRequested = (await this.index.ensureIndexes()) || (await this.needsRefill());
            this.settingsCheckedAt = Date.now();
          }
        }
        if (this.leader) {
          while (this.running && (await this.drainOnce()) > 0) {
            /* keep draining */
          }
          // Staff may have edited synonyms through another instance: re-check the declared settings every minute.
          if (Date.now() - this.settingsCheckedAt > 60_000) {
            this.settingsCheckedAt = Date.now();
            if (await this.index.ensureIndexes()) this.rebuildRequested = true;
          }
          if (this.rebuildRequested) {
            const r = await this.reindex();
            this.rebuildRequested = false;
            this.logger.log(`rebuilt the search index with the declared settings: ${r.documents} documents, ${r.replayed} changes replayed`);
          }
          this.failures = 0;
          this.lastError = null;
        }
        await this.sleep(POLL_MS);
      } catch (e) {
        this.failures++;
        this.lastError = (e as Error).message;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures, 9));
        this.logger.warn(`search relay: ${(e as Error).message}; retrying in ${delay} ms`);
        if (!(e instanceof MeiliError)) await this.dropListener();
        await this.sleep(delay);
      }
    }
    await this.dropListener();
  }

  /** Applies one batch of the change log; returns how many rows it consumed. */
  async drainOnce(): Promise<number> {
    // Whatever notified before this read is read now; only later notifications need another round.
    this.woken = false;
    const cursor = await this.readCursor();
    const rows = await this.changeLog.after(cursor, BATCH);
    if (!rows.length) return 0;
    await this.applyRows(rows);
    const last = rows[rows.length - 1];
    await this.dataSource.query(
      `INSERT INTO search_sync_state (consumer, last_txid, last_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (consumer) DO UPDATE SET last_txid = EXCLUDED.last_txid, last_id = EXCLUDED.last_id, updated_at = now()`,
      [this.consumer, last.txid, last.id],
    );
    return rows.length;
  }

  async readCursor(): Promise<Cursor> {
    const [row] = await this.dataSource.query(`SELECT last_txid::text AS txid, last_id::text AS id FROM search_sync_state WHERE consumer = $1`, [
      this.consumer,
    ]);
    return row ?? { txid: '0', id: '0' };
  }

  /**
   * On becoming leader: an index that must be refilled from Postgres. Two cases no change-log row announces:
   * the Meilisearch behind us is empty or new (restored, replaced) while Postgres has published records; or the
   * cursor lies beyond the database's transaction counter (a logical restore into a new cluster restarts txids),
   * which would make the relay skip every new change. Either way: rebuild from Postgres, cursor from the start.
   */
  private async needsRefill(): Promise<boolean> {
    const cursor = await this.readCursor();
    const [{ next }] = await this.dataSource.query(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint::text AS next`);
    if (BigInt(cursor.txid) >= BigInt(next)) {
      this.logger.warn(`search cursor (txid ${cursor.txid}) is ahead of the database (next txid ${next}): restored database? rebuilding`);
      await this.dataSource.query(`DELETE FROM search_sync_state WHERE consumer = $1`, [this.consumer]);
      return true;
    }
    if ((await this.index.documentCount()) > 0) return false;
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM service_matters WHERE status = 'published'`);
    if (n > 0) this.logger.warn(`search index is empty but Postgres has ${n} published matters: rebuilding`);
    return n > 0;
  }

  /**
   * `npm run reindex`: the cursor is taken before the rebuild; after the swap the log is replayed from there
   * into the new index, so changes made during the rebuild are not lost.
   */
  async reindex(): Promise<{ documents: number; replayed: number }> {
    // Changes from transactions still running at this point lie above the horizon and are replayed below.
    const from = await this.changeLog.horizon();
    const documents = await this.index.rebuild();
    let replayed = 0;
    for (let cursor = from; ;) {
      const rows = await this.changeLog.after(cursor, BATCH);
      if (!rows.length) break;
      await this.applyRows(rows);
      replayed += rows.length;
      cursor = { txid: rows[rows.length - 1].txid, id: rows[rows.length - 1].id };
    }
    return { documents, replayed };
  }

  private async applyRows(rows: ChangeRow[]): Promise<void> {
    const refs = dedupe(rows.map((r) => ({ type: r.entity_type, id: r.entity_id })));
    try {
      await this.index.apply(await this.documents.work(refs));
    } catch (e) {
      if (!(e instanceof MeiliError) || e.unreachable || refs.length === 1) {
        if (e instanceof MeiliError && !e.unreachable && refs.length === 1) return this.deadLetter(refs[0], e);
        throw e;
      }
      // A document Meilisearch rejects: apply record by record so only the bad one is parked.
      for (const ref of refs) {
        try {
          await this.index.apply(await this.documents.work([ref]));
        } catch (err) {
          if (err instanceof MeiliError && !err.unreachable) await this.deadLetter(ref, err);
          else throw err;
        }
      }
    }
  }

  private async deadLetter(ref: EntityRef, error: Error): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM search_dead_letters WHERE entity_id = $1 AND resolved_at IS NULL`, [ref.id]);
    this.logger.error(`search relay: ${ref.type} ${ref.id} rejected by Meilisearch: ${error.message}`);
    await this.dataSource.query(`INSERT INTO search_dead_letters (entity_type, entity_id, error, attempts) VALUES ($1, $2, $3, $4)`, [
      ref.type,
      ref.id,
      error.message.slice(0, 2000),
      row.n + 1,
    ]);
    if (row.n + 1 < DEAD_LETTER_AFTER) throw error;
  }

  private async connectListener(): Promise<void> {
    if (this.listener) return;
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'banshi-search-relay' });
    client.on('error', () => void this.dropListener());
    client.on('notification', () => {
      this.woken = true;
      this.wake?.();
    });
    await client.connect();
    await client.query('LISTEN banshi_changes');
    this.listener = client;
  }

  private async dropListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.leader = false; // the session lock goes with the connection
    await client?.end().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    // A change committed while the last batch was being applied has already notified: without this, its NOTIFY
    // was lost and the change waited for the next poll (up to POLL_MS) — the tail of the freshness benchmark.
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}

function dedupe(refs: EntityRef[]): EntityRef[] {
  const seen = new Map<string, EntityRef>();
  for (const r of refs) seen.set(`${r.type}:${r.id}`, r);
  return [...seen.values()];
}
