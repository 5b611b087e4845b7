import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Counts {
  searches: number;
  zero: number;
  clicks: number;
}

/**
 * What citizens searched for, counted per normalised query text — no IP, no user, no session. Counts are
 * summed in memory and written every few seconds (a crash loses at most those seconds of statistics;
 * catalogue data never goes through here).
 */
@Injectable()
export class SearchStatsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchStatsService.name);
  private pending = new Map<string, Counts>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), 5000);
    this.timer.unref();
  }

  /** Flush before TypeORM closes its pool (which happens in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  recordSearch(query: string, zeroResults: boolean): void {
    if (!query) return;
    const c = this.slot(query);
    c.searches++;
    if (zeroResults) c.zero++;
  }

  recordClick(query: string): void {
    if (query) this.slot(query).clicks++;
  }

  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const rows = [...this.pending.entries()].map(([query, c]) => ({ query, searches: c.searches, zero_results: c.zero, clicks: c.clicks }));
    this.pending = new Map();
    try {
      await this.dataSource.query(
        `INSERT INTO search_query_stats (query, searches, zero_results, clicks, last_seen_at)
         SELECT query, searches, zero_results, clicks, now() FROM jsonb_to_recordset($1::jsonb)
           AS x(query text, searches int, zero_results int, clicks int)
         ON CONFLICT (query) DO UPDATE SET searches = search_query_stats.searches + EXCLUDED.searches,
           zero_results = search_query_stats.zero_results + EXCLUDED.zero_results,
           clicks = search_query_stats.clicks + EXCLUDED.clicks, last_seen_at = now()`,
        [JSON.stringify(rows)],
      );
    } catch (e) {
      this.logger.warn(`could not write search statistics: ${(e as Error).message}`);
    }
  }

  /** Queries citizens could not find (zero results) or did not click, most frequent first. */
  async report(kind: 'zero' | 'low-click', limit: number) {
    await this.flush();
    const where = kind === 'zero' ? 'zero_results > 0' : 'searches >= 3 AND clicks::float / searches < 0.1';
    const order = kind === 'zero' ? 'zero_results DESC' : 'searches DESC';
    return this.dataSource.query(
      `SELECT query, searches, zero_results AS "zeroResults", clicks, last_seen_at AS "lastSeenAt"
       FROM search_query_stats WHERE ${where} ORDER BY ${order}, query LIMIT $1`,
      [limit],
    );
  }

  /** The most searched queries that found something (the portal's 热门搜索), most frequent first. */
  async popular(limit: number): Promise<{ query: string; searches: number }[]> {
    const rows: { query: string; searches: number }[] = await this.dataSource.query(
      `SELECT query, searches FROM search_query_stats WHERE searches > zero_results ORDER BY searches DESC, query LIMIT $1`,
      [limit],
    );
    return rows;
  }

  private slot(query: string): Counts {
    let c = this.pending.get(query);
    if (!c) this.pending.set(query, (c = { searches: 0, zero: 0, clicks: 0 }));
    return c;
  }
}
