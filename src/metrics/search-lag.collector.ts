import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SearchSyncService } from '../search/search-sync.service';
import { NodeReport, SearchNodes } from '../search/search-nodes.service';
import { ReadReplica, ReplicaLag } from '../database/read-replica';
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
  private nodeReport?: Promise<NodeReport[]>;

  constructor(
    metrics: MetricsService,
    private readonly sync: SearchSyncService,
    private readonly nodes: SearchNodes,
    replica: ReadReplica,
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
    // Per Meilisearch node (label `node` = meili-1, meili-2 … in the order of MEILI_URL); the gauges above are meili-1's.
    const report = () => this.report();
    const perNode = (name: string, help: string, value: (n: NodeReport) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['node'],
        registers,
        collect: async function () {
          for (const n of await report()) this.set({ node: n.name }, value(n) ?? Number.NaN);
        },
      });
    perNode('search_node_up', '1 when the Meilisearch node answers /health', (n) => (n.up ? 1 : 0));
    perNode('search_node_in_rotation', '1 when public searches go to the node (up, filled, within MEILI_MAX_LAG_*)', (n) => (n.inRotation ? 1 : 0));
    perNode('search_node_lag_rows', 'Change-log rows not yet applied to the node', (n) => n.lagRows);
    perNode('search_node_lag_seconds', 'Age in seconds of the oldest change-log row not yet applied to the node', (n) => n.lagSeconds);
    // The Postgres read replica (DATABASE_READ_URL); not exported without one.
    if (replica.configured) {
      let lag: Promise<ReplicaLag | null> | undefined;
      const read = () => (lag ??= replica.lag().finally(() => (lag = undefined)));
      new Gauge({
        name: 'postgres_replica_lag_bytes',
        help: 'WAL bytes the read replica has not replayed yet (NaN when it cannot be asked)',
        registers,
        collect: async function () {
          this.set((await read())?.bytes ?? Number.NaN);
        },
      });
      new Gauge({
        name: 'postgres_replica_lag_seconds',
        help: 'Seconds since the read replica replayed its last transaction while WAL is waiting (0 when caught up)',
        registers,
        collect: async function () {
          this.set((await read())?.seconds ?? Number.NaN);
        },
      });
    }
  }

  /** One node check per scrape, shared by the per-node gauges. */
  private report(): Promise<NodeReport[]> {
    this.nodeReport ??= this.nodes.report().finally(() => (this.nodeReport = undefined));
    return this.nodeReport;
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
