import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, as receivers verify them (docs/integration.md has a receiver's code):
 *   X-Banshi-Timestamp: <unix seconds>
 *   X-Banshi-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * Signing the timestamp with the body lets a receiver refuse replays older than a few minutes.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check: the signature matches and the timestamp is within `toleranceSeconds` of `now`. */
export function verify(secret: string, timestamp: number, body: string, signature: string, now = Date.now() / 1000, toleranceSeconds = 300): boolean {
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Seconds to wait before attempt `attempt + 1` (1, 2, 4 … s, capped), with ±20 % jitter so receivers are not hit in step. */
export function backoffMs(attempt: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, 1000 * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
