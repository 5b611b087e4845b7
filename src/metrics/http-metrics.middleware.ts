import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { METRICS_PATH, MetricsService, UNMATCHED_ROUTE } from './metrics.service';

/**
 * Times every HTTP request and records it under its Express route pattern (`/api/v1/matters/:idOrCode`), never
 * the raw URL, whose values are unbounded. A middleware rather than an interceptor because interceptors only run
 * for requests that reached a handler: 404s of unknown paths and errors raised before the handler would be missed.
 * The status code is final only when the response has finished, so everything is read then.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly logger = new Logger(HttpMetricsMiddleware.name);

  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    // Nest mounts this middleware with app.all('/{*path}'), which sets req.route to the middleware's own catch-all
    // route. A controller route that matches later replaces it; if it is still ours, no route matched.
    const own = req.route as unknown;
    res.once('finish', () => {
      const matched = req.route && req.route !== own ? String(req.route.path) : UNMATCHED_ROUTE;
      // Scrapes every few seconds would otherwise dominate the request counts of a quiet instance.
      if (matched === METRICS_PATH) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        this.metrics.observeHttp(req.method, matched, res.statusCode, seconds);
      } catch (e) {
        // An exception thrown in an event listener would take the whole process down; a lost sample must not.
        this.logger.warn(`http metrics: ${(e as Error).message}`);
      }
    });
    next();
  }
}
