import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SearchIndexService } from './search-index.service';
import { SearchSyncService } from './search-sync.service';

/** More change-log rows than this waiting = a bulk load (import, seed, refill) is still being indexed. */
export const BULK_BACKLOG_ROWS = 50;
/** A waiting row older than this = the relay is behind, not merely between two polls. */
export const STALE_BACKLOG_SECONDS = 60;
const CHECK_EVERY_MS = 1000;

export interface IndexState {
  /** Search can answer from the index: nothing bulk is waiting and the index is not empty while Postgres is not. */
  complete: boolean;
  backlog: { rows: number; oldestSeconds: number };
}

/**
 * Whether the search index is complete enough to answer from. Until it is (first start with the demo data, a big
 * import, a refill of an empty Meilisearch), /health/ready says not ready and search answers from Postgres with
 * `degraded: true` instead of returning partial results. Checked at most once a second (one count query).
 */
@Injectable()
export class SearchReadinessService {
  private state: IndexState | null = null;
  private checkedAt = 0;
  private checking?: Promise<IndexState>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndexService,
    private readonly sync: SearchSyncService,
  ) {}

  /** The cached state, refreshed when older than a second. */
  async current(): Promise<IndexState> {
    if (this.state && Date.now() - this.checkedAt < CHECK_EVERY_MS) return this.state;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** A fresh check (health probe). */
  async check(): Promise<IndexState> {
    const backlog = await this.sync.backlog();
    let complete = backlog.rows <= BULK_BACKLOG_ROWS && backlog.oldestSeconds < STALE_BACKLOG_SECONDS;
    if (complete && !(this.state?.complete)) {
      // An empty index while Postgres has published matters is being refilled, whatever the log says.
      const documents = await this.index.documentCount().catch(() => 0);
      if (documents === 0) {
        const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM service_matters WHERE status = 'published'`);
        complete = n === 0;
      }
    }
    this.state = { complete, backlog };
    this.checkedAt = Date.now();
    return this.state;
  }
}
