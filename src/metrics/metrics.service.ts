import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Where Prometheus scrapes; the HTTP histogram leaves it out (see http-metrics.middleware.ts). */
export const METRICS_PATH = '/metrics';

/** The route label of requests no route matched (404s, static files): one value instead of every raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Banshi's Prometheus metrics, on a registry of its own rather than prom-client's global default, so nothing a
 * library registers globally leaks into /metrics and each application instance (tests, CLI) starts clean.
 * Other services call observeSearch / countImport; gauges read at scrape time live in search-lag.collector.ts.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    // prom-client's defaults (5 ms … 10 s) suit an API that answers from Postgres and Meilisearch.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly searchDuration = new Histogram({
    name: 'search_duration_seconds',
    help: 'Time to answer a search (Meilisearch, or Postgres when degraded), without HTTP',
    labelNames: ['degraded'] as const,
    // Meilisearch answers most queries in a few milliseconds: finer low buckets than the HTTP histogram.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly searchCache = new Counter({
    name: 'search_cache_requests_total',
    help: 'Searches by response cache outcome: hit, miss, or bypass (cache off or no index version feed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly searchEngine = new Counter({
    name: 'search_engine_queries_total',
    help: 'Queries sent to Meilisearch by uncached searches, by purpose: main, concept, homophone (weak matches only), suggestions (zero results)',
    labelNames: ['query'] as const,
    registers: [this.registry],
  });

  private readonly imports = new Counter({
    name: 'banshi_imports_total',
    help: 'Records written or skipped by the exchange importer, by kind and result (created, updated, unchanged)',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  private readonly serverRestarts = new Counter({
    name: 'banshi_embedded_server_restarts_total',
    help: 'Restarts of an embedded server (postgres, meilisearch) that had exited on its own, by this process',
    labelNames: ['server'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'banshi_webhook_deliveries_total',
    help: 'Webhook delivery attempts of change-feed batches, by outcome (delivered, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'banshi_' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Writes a scrape as the answer (never cached; written directly: res.send would add an ETag and reorder the type). */
  async writeTo(res: ServerResponse): Promise<void> {
    const body = await this.scrape();
    res.statusCode = 200;
    res.setHeader('Content-Type', this.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }

  /** The exposition text; collectors (the search lag gauges) run now, so values are as of this scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** One search answered in `seconds`; `degraded` when it came from the Postgres fallback. */
  observeSearch(seconds: number, degraded: boolean): void {
    this.searchDuration.observe({ degraded: String(degraded) }, seconds);
  }

  /** `n` queries of one purpose sent to Meilisearch by a search (search.service.ts). */
  countSearchEngineQueries(query: 'main' | 'concept' | 'homophone' | 'suggestions', n = 1): void {
    if (n > 0) this.searchEngine.inc({ query }, n);
  }

  /** One search through the response cache (search-cache.service.ts). */
  countSearchCache(result: 'hit' | 'miss' | 'bypass'): void {
    this.searchCache.inc({ result });
  }

  /** `n` restarts of a crashed embedded server (src/runtime/servers.ts); n = 0 creates the series at start. */
  countServerRestarts(server: string, n: number): void {
    this.serverRestarts.inc({ server }, n);
  }

  /** One committed import's counts for one record kind (departments, locations, matters, guides, bundles). */
  countImport(kind: string, created: number, updated: number, unchanged: number): void {
    // inc(0) still creates the series, so every kind × result exists from the first import on and rate() works.
    this.imports.inc({ kind, result: 'created' }, created);
    this.imports.inc({ kind, result: 'updated' }, updated);
    this.imports.inc({ kind, result: 'unchanged' }, unchanged);
  }

  countWebhookDelivery(outcome: 'delivered' | 'failed'): void {
    this.webhookDeliveries.inc({ outcome });
  }
}
