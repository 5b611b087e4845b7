import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClusterEventsService } from './cluster-events.service';

/** Entries kept, least recently used dropped first (a matter's detail with its parts is some tens of kilobytes). */
export const CATALOGUE_CACHE_ENTRIES = 2000;

/**
 * Per-instance memo of public catalogue reads (a published matter with its parts, a department, the guide entries of
 * a matter …), which the portal and the public API repeat for every visitor while the catalogue changes a few times
 * a day. Without it the largest demo matter page costs ~35 ms of queries and entity hydration per view.
 *
 * Freshness, by generation: every catalogue commit moves the generation and drops every entry —
 * - in this process at once: a committed transaction of this process that wrote the catalogue (TypeORM's commit
 *   hooks), before the writer's HTTP answer goes out, so a clerk who publishes and then opens the page sees it;
 * - in every process by NOTIFY: the change-log triggers notify `banshi_changes` at the commit of every catalogue
 *   write (other instances, the CLI importer, raw SQL), heard through ClusterEventsService.
 * A read still running when the generation moves is not stored (it may have read the old rows). While the LISTEN
 * connection is down nothing is cached or served from the cache, and it is cleared when listening resumes.
 * Errors (404, 410) are never cached, so unknown codes cost nothing but their query.
 * Values are shared between requests, so they are deep-frozen when stored: a caller that mutated one would throw
 * (modules are strict) instead of changing what the next visitor sees.
 */
@Injectable()
export class CatalogueReadCache implements OnModuleInit {
  private readonly entries = new Map<string, unknown>();
  private generation = 0;

  constructor(
    private readonly events: ClusterEventsService,
    private readonly dataSource: DataSource,
  ) {
    events.on('catalogue', () => this.invalidate());
  }

  onModuleInit(): void {
    // Which of this process's transactions wrote the catalogue: the change-log triggers leave a row with its txid.
    // Asked just before COMMIT, acted on after it; other transactions (sessions, audit of reads, the scheduler's
    // ticks) leave the cache alone. TypeORM reads `subscribers` at every broadcast, so an object added here is
    // called like a declared subscriber.
    const wroteCatalogue = new WeakSet<object>();
    this.dataSource.subscribers.push({
      beforeTransactionCommit: async ({ queryRunner }) => {
        const rows: unknown[] = await queryRunner.query(`SELECT 1 FROM change_log WHERE txid = pg_current_xact_id_if_assigned()::text::bigint LIMIT 1`);
        if (rows.length) wroteCatalogue.add(queryRunner);
      },
      afterTransactionCommit: ({ queryRunner }) => {
        if (wroteCatalogue.delete(queryRunner)) this.invalidate();
      },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value cached under `key` in this generation, else `load()` (stored when no change committed meanwhile). */
  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.events.listening) return load();
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      this.entries.delete(key); // re-insert: Map order is the recency order
      this.entries.set(key, deepFreeze(value));
      return value;
    }
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.events.listening) {
      this.entries.set(key, deepFreeze(value));
      if (this.entries.size > CATALOGUE_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  private invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
