import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SearchSyncService } from '../search/search-sync.service';
import { MetricsService } from './metrics.service';

type Backlog = Awaited<ReturnType<SearchSyncService['backlog']>>;

/**
 * How far the search index lags the database, read at scrape time (no timers): the outbox (change_log rows the
 * relay has not applied) and whether the relay's last attempt succeeded. Kept apart from MetricsService so the
 * services that record metrics (search, importer) do not depend on the relay.
 */
@Injectable()
export class SearchLagCollector {
  private readonly logger = new Logger(SearchLagCollector.name);
  private pending?: Promise<Backlog | null>;

  constructor(
    metrics: MetricsService,
    private readonly sync: SearchSyncService,
  ) {
    const registers = [metrics.registry];
    // prom-client calls collect() with the gauge as `this`: the collector is reached through these closures.
    const read = () => this.backlog();
    new Gauge({
      name: 'search_outbox_backlog_rows',
      help: 'Change-log rows not yet applied to the search index',
      registers,
      collect: async function () {
        this.set((await read())?.rows ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'search_outbox_oldest_seconds',
      help: 'Age in seconds of the oldest change-log row not yet applied to the search index (0 when none)',
      registers,
      collect: async function () {
        this.set((await read())?.oldestSeconds ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'search_relay_healthy',
      // In a process with SEARCH_SYNC=off, or a standby instance, the relay never fails here: this reads 1.
      help: "1 when the search relay's last attempt in this process succeeded, 0 while it is failing and retrying",
      registers,
      collect: function () {
        this.set(sync.lastError === null ? 1 : 0);
      },
    });
  }

  /**
   * Both outbox gauges are collected concurrently during one scrape: they share one query. When Postgres is
   * down they report NaN instead of failing the scrape, which would also hide the process and HTTP metrics
   * exactly when they are needed.
   */
  private backlog(): Promise<Backlog | null> {
    this.pending ??= this.sync
      .backlog()
      .catch((e: Error) => {
        this.logger.warn(`search backlog not available for /metrics: ${e.message}`);
        return null;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
