import { Inject, Injectable } from '@nestjs/common';
import { ClusterEventsService } from '../cluster/cluster-events.service';
import { MetricsService } from '../metrics/metrics.service';
import { keyOf, understandQuery } from './query-understanding';
import type { SearchQueryDto, SearchResponse } from './search.dto';
import { SearchService } from './search.service';
import { SearchStatsService } from './search-stats.service';
import { SearchIndexVersion } from './search-version';
import { SEARCH_OPTIONS, SearchOptions } from './search.options';

/** Entries kept (least recently used dropped first); a response with its facets is a few kilobytes. */
export const CACHE_ENTRIES = 1000;
/**
 * Oldest entry served even without an index change: best bets start and end by date and facet labels follow
 * department names, which SearchService itself re-reads every 30 s.
 */
export const CACHE_MAX_AGE_MS = 30_000;

/**
 * What makes two searches the same answer: the query as typed (trimmed) and every other parameter (filters, page …).
 * Not the normalised text: normalising (OpenCC, pinyin of the query) is most of the work a cache hit would do, and
 * citizens repeat the same strings.
 */
export function cacheKey(dto: SearchQueryDto): string {
  const rest = Object.entries(dto)
    .filter(([k, v]) => k !== 'q' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([(dto.q ?? '').trim(), rest]);
}

/**
 * Per-instance response cache in front of SearchService.search. Real query logs repeat (a few queries make most
 * of the traffic), and a repeated query answered from memory costs neither Meilisearch nor the request building.
 *
 * Freshness: every entry belongs to the index generation current when its search started (search-version.ts); the
 * generation moves as soon as a relay batch is searchable, settings change, an index is swapped in or best bets
 * change — in this process at once, in the others by NOTIFY — and an answer is never served across generations.
 * A search still running when the generation moves is not stored. Degraded answers (Postgres fallback) are not
 * cached. Without a version feed (SEARCH_SYNC=off, or the LISTEN connection down) the cache is bypassed.
 * In memory, per instance: N instances hold N caches, each invalidated on its own.
 */
@Injectable()
export class SearchCacheService {
  /** Entries with the query-statistics key of their query (keyOf), so a hit need not normalise the query again. */
  private readonly entries = new Map<string, { response: SearchResponse; at: number; statsKey: string }>();
  private generation = -1;

  constructor(
    private readonly searchService: SearchService,
    private readonly version: SearchIndexVersion,
    private readonly stats: SearchStatsService,
    private readonly metrics: MetricsService,
    @Inject(SEARCH_OPTIONS) private readonly options: SearchOptions,
    events: ClusterEventsService,
  ) {
    // Best bets changed through another instance: SearchService re-reads them on the same notice; answers cached
    // meanwhile would keep the old ones, so a new generation starts once the re-read is done.
    events.on('search-settings', () => {
      const next = () => this.version.changed();
      this.searchService.invalidateCaches().then(next, next);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  async search(dto: SearchQueryDto): Promise<SearchResponse> {
    if (!this.options.cache || !this.version.known) {
      this.metrics.countSearchCache('bypass');
      return this.searchService.search(dto);
    }
    const started = performance.now();
    const key = cacheKey(dto);
    const generation = this.version.generation;
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < CACHE_MAX_AGE_MS) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, hit);
      // The same bookkeeping as an answer from the engine: query statistics and the search histogram.
      if (hit.statsKey) this.stats.recordSearch(hit.statsKey, hit.response.total === 0);
      const tookMs = Math.round((performance.now() - started) * 10) / 10;
      this.metrics.observeSearch(tookMs / 1000, false);
      this.metrics.countSearchCache('hit');
      return { ...hit.response, tookMs };
    }
    this.metrics.countSearchCache('miss');
    const response = await this.searchService.search(dto);
    if (!response.degraded && this.version.known && this.version.generation === generation && this.generation === generation) {
      this.entries.delete(key);
      const q = understandQuery(dto.q ?? '');
      this.entries.set(key, { response, at: Date.now(), statsKey: q.raw ? keyOf(q) : '' });
      if (this.entries.size > CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return response;
  }
}
