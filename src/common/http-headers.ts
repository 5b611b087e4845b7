import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { requestContext } from './logging-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes and scrapes: logged at debug level, so that LOG_LEVEL=log is not flooded by them. */
const PROBES = /^\/(health\/|metrics$)/;

type IdentifiedRequest = Request & { id?: string };

/**
 * The first middleware of every request. Sets the headers every response carries: a request id (the caller's
 * X-Request-Id when well-formed, else a new one) and caching (security headers: protection.ts) — public catalogue
 * reads may be cached for a minute (Express adds an ETag and answers If-None-Match with 304), staff endpoints never.
 * Runs the rest of the request in a request context, so every log line written meanwhile carries the id, and
 * writes one access-log line when the response is finished (or abandoned): method, route pattern, status, duration and request
 * id — never headers, the query string or a body.
 */
export function httpHeaders(config: Pick<AppConfig, 'LOG_FORMAT'>) {
  const logger = new Logger('HTTP');
  const fields = config.LOG_FORMAT === 'json';
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (req as IdentifiedRequest).id = id;
    res.setHeader('X-Request-Id', id);
    // Staff, sign-in and client-system (API key: drafts) answers are private; only the public catalogue is cacheable.
    const publicRead = req.method === 'GET' && req.path.startsWith('/api/v1/') && !/^\/api\/v1\/(admin|auth|integration)(\/|$)/.test(req.path);
    res.setHeader('Cache-Control', publicRead ? 'public, max-age=60' : 'no-store');

    const started = process.hrtime.bigint();
    const path = req.path;
    // 'close' also comes when the client goes away before the response is complete ('finish' would not).
    res.once('close', () => {
      requestContext.run({ requestId: id }, () => {
        // The Express route pattern (/api/v1/matters/:idOrCode) when a controller route matched; Nest's catch-all
        // middleware route (/{*path}) or none means no route did, and then the path (without its query string).
        const pattern = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof pattern === 'string' && !pattern.includes('{*') ? pattern : path;
        const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
        const aborted = !res.writableFinished;
        const line = `${req.method} ${route} ${res.statusCode} ${durationMs} ms${aborted ? ' (aborted)' : ''}`;
        const access = { method: req.method, route, status: res.statusCode, durationMs, ...(aborted ? { aborted } : {}) };
        const level = PROBES.test(path) ? 'debug' : 'log';
        if (fields) logger[level](line, access);
        else logger[level](line);
      });
    });
    requestContext.run({ requestId: id }, next);
  };
}
