import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClusterEventsService } from '../cluster/cluster-events.service';

/**
 * The version of the search index as this process knows it: a generation number that moves whenever what a search
 * can return may have changed — a relay batch applied (and waited for), settings patched, an index swapped in,
 * best bets or department names changed. The response cache (search-cache.service.ts) serves only entries made in
 * the current generation, so it never answers from an index older than the last published version.
 *
 * Changes made by this process move the generation at once (before the writer returns), then are published as the
 * `search-index` cluster event (ClusterEventsService, the one `banshi_cluster` channel every instance listens to —
 * also `SEARCH_SYNC=off` ones, which run no relay). While that connection is down notices could be missed, so the
 * version is unknown and the cache is bypassed; the reconnect fires every topic, which starts a new generation.
 */
@Injectable()
export class SearchIndexVersion {
  private readonly logger = new Logger(SearchIndexVersion.name);
  private gen = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: ClusterEventsService,
  ) {
    events.on('search-index', () => this.changed());
    events.onLost(() => this.changed());
  }

  /** The current generation. */
  get generation(): number {
    return this.gen;
  }

  /** True while this process hears every change (the cluster events connection is up). */
  get known(): boolean {
    return this.events.listening;
  }

  /** This process changed the index: new generation now, then tell the other instances. */
  async publish(): Promise<void> {
    this.gen++;
    try {
      await this.events.publish(this.dataSource, 'search-index');
    } catch (e) {
      // The index did change; an instance that misses this notice still drops its cache when its own listener
      // reconnects, and until then its entries are at most as old as its own last generation.
      this.logger.warn(`could not announce the new index version: ${(e as Error).message}`);
    }
  }

  /** Another process (or this one, echoed) announced a change, or the connection that hears them came or went. */
  changed(): void {
    this.gen++;
  }
}
