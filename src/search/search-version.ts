import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The Postgres channel on which every process announces that the index it writes to has changed. */
export const INDEX_VERSION_CHANNEL = 'banshi_index_version';

/**
 * The version of the search index as this process knows it: a generation number that moves whenever what a search
 * can return may have changed — a relay batch applied (and waited for), settings patched, an index swapped in,
 * best bets or department names changed. The response cache (search-cache.service.ts) serves only entries made in
 * the current generation, so it never answers from an index older than the last published version.
 *
 * Changes made by this process move the generation at once (before the writer returns), then are published with
 * `pg_notify` for the other instances, which follow on the relay's LISTEN connection (search-sync.service.ts).
 * While that connection is down — or in a process that has none (`SEARCH_SYNC=off`) — notifications could be
 * missed, so the version is unknown and the cache is bypassed.
 */
@Injectable()
export class SearchIndexVersion {
  private readonly logger = new Logger(SearchIndexVersion.name);
  private gen = 0;
  private listening = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The current generation. */
  get generation(): number {
    return this.gen;
  }

  /** True while this process hears every change (its LISTEN connection is up). */
  get known(): boolean {
    return this.listening;
  }

  /** This process changed the index: new generation now, then tell the other instances. */
  async publish(): Promise<void> {
    this.gen++;
    try {
      await this.dataSource.query(`SELECT pg_notify($1, $2)`, [INDEX_VERSION_CHANNEL, String(process.pid)]);
    } catch (e) {
      // The index did change; an instance that misses this notice still drops its cache when its own listener
      // reconnects, and until then its entries are at most as old as its own last generation.
      this.logger.warn(`could not announce the new index version: ${(e as Error).message}`);
    }
  }

  /** Another process (or this one, echoed) announced a change. */
  changed(): void {
    this.gen++;
  }

  /** The LISTEN connection came up (true) or went down (false); either way nothing cached before is trusted. */
  following(listening: boolean): void {
    this.listening = listening;
    this.gen++;
  }
}
