import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Headers on every response: a request id (the caller's X-Request-Id when well-formed, else a new one) that the
 * error log repeats; and caching (security headers: protection.ts): public catalogue reads may be cached for a minute (Express adds
 * an ETag and answers If-None-Match with 304), staff endpoints never.
 */
export function httpHeaders(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  const publicRead = req.method === 'GET' && req.path.startsWith('/api/v1/') && !req.path.startsWith('/api/v1/admin');
  res.setHeader('Cache-Control', publicRead ? 'public, max-age=60' : 'no-store');
  next();
}
