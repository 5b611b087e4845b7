import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { indexComplete } from './index-readiness';
import { SearchIndexService } from './search-index.service';
import { SearchSyncService } from './search-sync.service';

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
    // once complete, the document count is not re-read on every check (an outage shows as a Meilisearch error)
    const complete = await indexComplete(
      backlog,
      () => (this.state?.complete ? Promise.resolve(1) : this.index.documentCount().catch(() => 0)),
      async () => (await this.dataSource.query(`SELECT count(*)::int AS n FROM service_matters WHERE status = 'published'`))[0].n,
    );
    this.state = { complete, backlog };
    this.checkedAt = Date.now();
    return this.state;
  }
}
