import { Logger } from '@nestjs/common';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { DataSource } from 'typeorm';

/**
 * express-rate-limit counters kept in Postgres (RATE_LIMIT_STORE=postgres), so N app instances together allow what one
 * allows, not N×. One atomic upsert per counted request on an UNLOGGED table (counters need no crash safety);
 * expired windows are swept once a minute. Each limiter has its own `prefix`, so equal client keys of limiters with
 * different windows never share a counter.
 */
export class PostgresRateLimitStore implements Store {
  private readonly logger = new Logger(PostgresRateLimitStore.name);
  private windowMs = 60_000;
  private sweeper?: NodeJS.Timeout;
  readonly localKeys = false;

  constructor(
    private readonly dataSource: DataSource,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.sweeper = setInterval(() => {
      this.dataSource.query(`DELETE FROM rate_limit_counters WHERE reset_at < now()`).catch((e: Error) => this.logger.warn(`sweep failed: ${e.message}`));
    }, 60_000).unref();
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await this.dataSource.query(`SELECT hits, reset_at FROM rate_limit_counters WHERE key = $1 AND reset_at > now()`, [this.prefix + key]);
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [row] = await this.dataSource.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.reset_at <= now() THEN 1 ELSE c.hits + 1 END,
         reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
       RETURNING hits, reset_at`,
      [this.prefix + key, this.windowMs / 1000],
    );
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1`, [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [this.prefix + key]);
  }

  shutdown(): void {
    clearInterval(this.sweeper);
  }
}
