import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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
/** The route the fast path answers (the Express route pattern of SearchPublicController#find, for the metrics). */
export const SEARCH_ROUTE = '/api/v1/search';

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

/** One cached answer, serialised once: the JSON body after `{"tookMs":…,` and its (weak) entity tag. */
interface Entry {
  /** The response as JSON without `tookMs` and without its opening brace, as UTF-8. */
  tail: Buffer;
  etag: string;
  at: number;
  generation: number;
  /** The query-statistics key of the query (keyOf), so a hit need not normalise the query again; '' = no query. */
  statsKey: string;
  empty: boolean;
}

/** The body of an entry with this request's `tookMs` in front (the rest is the stored bytes, not re-serialised). */
const head = (tookMs: number) => Buffer.from(`{"tookMs":${tookMs},`);

/**
 * Per-instance response cache in front of SearchService.search. Real query logs repeat (a few queries make most
 * of the traffic), and a repeated query answered from memory costs neither Meilisearch nor the request building.
 *
 * Two ways in, one store:
 * - `fastPath`, an Express middleware behind the protection middleware (headers, CORS, API keys, rate limits, the
 *   input guard): a request whose exact URL was answered before in this generation gets the stored bytes at once —
 *   no routing, no validation pipe, no serialisation. The URL determines the validated parameters, so the URL is as
 *   good a key as the parameters themselves.
 * - `search`, called by the controller with validated parameters: other spellings of the same request (spaces around
 *   q, another parameter order) find the entry by `cacheKey` and teach the fast path their URL.
 * Both send the entry's ETag (weak: `tookMs` is not part of it), so a client's If-None-Match gets 304.
 *
 * Freshness: every entry belongs to the index generation current when its search started (search-version.ts); the
 * generation moves as soon as a relay batch is searchable, settings change, an index is swapped in or best bets
 * change — in this process at once, in the others by the `search-index` cluster event — and an answer is never
 * served across generations. A search still running when the generation moves is not stored. Degraded answers
 * (Postgres fallback) are not cached. While the cluster events connection is down the cache is bypassed.
 * In memory, per instance: N instances hold N caches, each invalidated on its own.
 */
@Injectable()
export class SearchCacheService {
  /** By cacheKey (validated parameters). */
  private readonly entries = new Map<string, Entry>();
  /** By request URL (path and query string, as sent): the fast path's index into the same entries. */
  private readonly urls = new Map<string, Entry>();
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

  /**
   * Express middleware (app.setup.ts): GET /api/v1/search with a URL answered before in this generation is sent the
   * stored body; anything else goes on to the controller.
   */
  readonly fastPath = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || req.path !== SEARCH_ROUTE || !this.usable()) return next();
    const started = performance.now();
    const entry = this.current(this.urls, req.originalUrl);
    if (!entry) return next();
    const tookMs = this.hit(entry, started);
    // The Nest HTTP metrics middleware is not reached from here: the same observation, under the route's pattern.
    res.once('finish', () => this.metrics.observeHttp('GET', SEARCH_ROUTE, res.statusCode, (performance.now() - started) / 1000));
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', entry.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const first = head(tookMs);
    res.setHeader('Content-Length', first.length + entry.tail.length);
    res.write(first);
    res.end(entry.tail);
  };

  /** A search through the cache (the portal's results pages). */
  async search(dto: SearchQueryDto): Promise<SearchResponse> {
    return (await this.answer(dto)).response;
  }

  /** The API controller's way in (validated parameters); `url` is the request's, remembered for the fast path. */
  async answer(dto: SearchQueryDto, url?: string): Promise<{ response: SearchResponse; etag?: string }> {
    if (!this.usable()) {
      this.metrics.countSearchCache('bypass');
      return { response: await this.searchService.search(dto) };
    }
    const started = performance.now();
    const key = cacheKey(dto);
    const generation = this.generation;
    const cached = this.current(this.entries, key);
    if (cached) {
      if (url) this.remember(this.urls, url, cached);
      const tookMs = this.hit(cached, started);
      return { response: JSON.parse(`${head(tookMs).toString()}${cached.tail.toString()}`) as SearchResponse, etag: cached.etag };
    }
    this.metrics.countSearchCache('miss');
    const response = await this.searchService.search(dto);
    if (response.degraded || !this.version.known || this.version.generation !== generation || this.generation !== generation) return { response };
    const { tookMs: _took, ...rest } = response;
    const json = JSON.stringify(rest);
    const q = understandQuery(dto.q ?? '');
    const entry: Entry = {
      tail: Buffer.from(json.slice(1)),
      etag: `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 27)}"`,
      at: Date.now(),
      generation,
      statsKey: q.raw ? keyOf(q) : '',
      empty: response.total === 0,
    };
    this.remember(this.entries, key, entry);
    if (url) this.remember(this.urls, url, entry);
    return { response, etag: entry.etag };
  }

  /** The cache is on and this process hears every index change; entries of an older generation are dropped. */
  private usable(): boolean {
    if (!this.options.cache || !this.version.known) return false;
    if (this.version.generation !== this.generation) {
      this.entries.clear();
      this.urls.clear();
      this.generation = this.version.generation;
    }
    return true;
  }

  /** The entry under `key` if it is of this generation and young enough; most recently used moves last. */
  private current(map: Map<string, Entry>, key: string): Entry | undefined {
    const entry = map.get(key);
    if (!entry || entry.generation !== this.generation || Date.now() - entry.at >= CACHE_MAX_AGE_MS) return undefined;
    map.delete(key);
    map.set(key, entry);
    return entry;
  }

  private remember(map: Map<string, Entry>, key: string, entry: Entry): void {
    map.delete(key);
    map.set(key, entry);
    if (map.size > CACHE_ENTRIES) map.delete(map.keys().next().value!);
  }

  /** The same bookkeeping as an answer from the engine: query statistics, the search histogram, the hit count. */
  private hit(entry: Entry, started: number): number {
    if (entry.statsKey) this.stats.recordSearch(entry.statsKey, entry.empty);
    const tookMs = Math.round((performance.now() - started) * 10) / 10;
    this.metrics.observeSearch(tookMs / 1000, false);
    this.metrics.countSearchCache('hit');
    return tookMs;
  }
}
