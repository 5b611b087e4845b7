import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeLogService } from '../change-log/change-log.service';
import { ClusterEventsService } from '../cluster/cluster-events.service';
import { MeiliClient, MeiliError } from './meili.client';
import { attemptOrder, complete, LagBound, NodeHealth, nodeName, relaySuffix, withinBound } from './meili-nodes';
import { SearchDocumentsService } from './search-documents.service';
import { SearchIndexService } from './search-index.service';
import { SearchSyncService } from './search-sync.service';
import { SearchIndexVersion } from './search-version';
import { SEARCH_OPTIONS, SearchOptions } from './search.options';

export const MEILI_OPTIONS = Symbol('MEILI_OPTIONS');

export interface MeiliOptions extends LagBound {
  urls: string[];
  apiKey?: string;
  searchKey?: string;
  /** A search that takes longer than this fails over to the next node (or, the last, to Postgres). */
  searchTimeoutMs: number;
}

/** One Meilisearch node: its client, its indexes, its relay (own cursor, own leader), and what was last seen of it. */
export interface MeiliNode {
  name: string;
  url: string;
  client: MeiliClient;
  index: SearchIndexService;
  sync: SearchSyncService;
  health: NodeHealth;
}

/** Per-node state as /health/ready and /metrics report it. */
export interface NodeReport {
  name: string;
  up: boolean;
  inRotation: boolean;
  complete: boolean;
  lagRows: number | null;
  lagSeconds: number | null;
  /** This instance runs the node's relay now. */
  relayLeader: boolean;
  lastSyncError: string | null;
}

const CHECK_EVERY_MS = 1000;

/**
 * The Meilisearch nodes of MEILI_URL (one or more independent replicas) and the choice among them for searches.
 * - Each node gets its own SearchIndexService and relay (SearchSyncService with its own cursor and leader lock), all
 *   fed from the same change log; a node that was down catches up alone, a new empty one refills from Postgres.
 * - Searches go round robin over the nodes in rotation (up, complete, within MEILI_MAX_LAG_*); a node that errors
 *   or times out is marked down and the same request is retried on the next node. When every node fails the
 *   MeiliError reaches SearchService, which answers from Postgres as with one node.
 * - Node state is checked at most once a second, off the request path (the first search waits for the first check).
 * The first node's index, relay and readiness are also the Nest providers SearchIndexService / SearchSyncService
 * (admin lexicon pushes, CLI), so a single-node installation runs exactly as before.
 */
@Injectable()
export class SearchNodes implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchNodes.name);
  readonly nodes: MeiliNode[];
  private turn = 0;
  private checkedAt = 0;
  private checking?: Promise<void>;

  constructor(
    @Inject(MEILI_OPTIONS) private readonly options: MeiliOptions,
    @Inject(SEARCH_OPTIONS) searchOptions: SearchOptions,
    private readonly dataSource: DataSource,
    documents: SearchDocumentsService,
    changeLog: ChangeLogService,
    version: SearchIndexVersion,
    events: ClusterEventsService,
  ) {
    this.nodes = options.urls.map((url, i) => {
      const client = new MeiliClient(url, options.apiKey, options.searchKey ?? options.apiKey, 5000, options.searchTimeoutMs);
      const index = new SearchIndexService(client, dataSource, documents, version, searchOptions);
      const sync = new SearchSyncService(dataSource, index, documents, changeLog, searchOptions, { suffix: relaySuffix(i) });
      return { name: nodeName(i), url, client, index, sync, health: { up: true, lagRows: null, lagSeconds: null, filled: false } };
    });
    // Synonyms edited through any instance: every node's relay re-checks its settings now (the leader applies them).
    events.on('search-settings', () => this.nodes.forEach((n) => n.sync.settingsChanged()));
  }

  get first(): MeiliNode {
    return this.nodes[0];
  }

  onApplicationBootstrap(): void {
    for (const n of this.nodes) n.sync.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.sync.stop()));
  }

  /** POST /indexes/{uid}/search on a node in rotation, failing over to the others. */
  search<T>(indexUid: string, body: object): Promise<T> {
    return this.onSomeNode((c) => c.search<T>(indexUid, body));
  }

  /** POST /multi-search on a node in rotation, failing over to the others. */
  multiSearch<T>(queries: object[]): Promise<{ results: T[] }> {
    return this.onSomeNode((c) => c.multiSearch<T>(queries));
  }

  close(): void {
    for (const n of this.nodes) n.client.close();
  }

  /** Whether search can answer from the index: some node in rotation is complete (else search answers from Postgres). */
  async current(): Promise<{ complete: boolean }> {
    await this.refresh();
    return { complete: this.nodes.some((n) => complete(n.health)) };
  }

  /** A fresh check of every node (health probe, metrics scrape). */
  async report(): Promise<NodeReport[]> {
    await this.refresh(true);
    return this.nodes.map((n) => ({
      name: n.name,
      up: n.health.up,
      inRotation: withinBound(n.health, this.options),
      complete: complete(n.health),
      lagRows: n.health.lagRows,
      lagSeconds: n.health.lagSeconds,
      relayLeader: n.sync.isLeader,
      lastSyncError: n.sync.lastError,
    }));
  }

  private async onSomeNode<T>(call: (client: MeiliClient) => Promise<T>): Promise<T> {
    await this.refresh();
    const order = attemptOrder(
      this.nodes.map((n) => n.health),
      this.options,
      this.turn++,
    );
    let last: unknown;
    for (const i of order) {
      const node = this.nodes[i];
      try {
        return await call(node.client);
      } catch (e) {
        // A 4xx is about the request, not the node: the same request would fail anywhere.
        if (!(e instanceof MeiliError) || !e.unreachable) throw e;
        last = e;
        if (node.health.up && this.nodes.length > 1) this.logger.warn(`${node.name} failed a search (${e.code}: ${e.message}); trying the next node`);
        // Out of rotation until the next check finds it answering again.
        node.health = { ...node.health, up: false, filled: false };
      }
    }
    throw last;
  }

  /** Re-checks the nodes when the last check is older than a second; only the very first check is waited for. */
  private async refresh(force = false): Promise<void> {
    const stale = Date.now() - this.checkedAt >= CHECK_EVERY_MS;
    if (!force && !stale) return;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    if (force || this.checkedAt === 0) await this.checking;
  }

  private async check(): Promise<void> {
    const published = once(
      async () => (await this.dataSource.query(`SELECT count(*)::int AS n FROM service_matters WHERE status = 'published'`))[0].n as number,
    );
    await Promise.all(
      this.nodes.map(async (n) => {
        const up = await n.client.healthy();
        const backlog = await n.sync.backlog().catch((e: Error) => {
          this.logger.warn(`${n.name}: backlog not available: ${e.message}`);
          return null;
        });
        // Once filled, the document count is not re-read on every check; a node that went down is re-checked when
        // it comes back (it may come back empty: a replaced node, a lost volume).
        const filled = up && (n.health.filled || (await n.index.documentCount().catch(() => 0)) > 0 || (await published().catch(() => 1)) === 0);
        n.health = { up, lagRows: backlog?.rows ?? null, lagSeconds: backlog?.oldestSeconds ?? null, filled };
      }),
    );
    this.checkedAt = Date.now();
  }
}

/** A lazy value computed at most once (shared by the node checks of one round). */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
