import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * May a request read /metrics on the main port? Only with the configured bearer token; without METRICS_TOKEN the
 * route is not served there at all ('absent' → the same 404 as any unknown path). Constant-time comparison.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined): 'ok' | 'absent' | 'unauthorised' {
  if (!token) return 'absent';
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!presented) return 'unauthorised';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(token)) ? 'ok' : 'unauthorised';
}
