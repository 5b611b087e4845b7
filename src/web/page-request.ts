import type { Type } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { createValidationPipe } from '../common/validation.pipe';
import type { AssetRegistry } from './ui/assets';
import type { PageContext } from './ui/page-context';
import { readCookie } from './web-paths';

export const ELDER_COOKIE = 'elder';

export function pageContext(req: Request, assets: AssetRegistry, config: AppConfig): PageContext {
  return {
    assets,
    publicUrl: config.publicUrl,
    // A page answering a form post (errors) comes back to the page the form was on, not to the post's URL.
    path: req.method === 'GET' ? req.originalUrl || req.url : (req.originalUrl || req.url).replace(/\/[^/?]*(\?.*)?$/, ''),
    elder: readCookie(req.headers.cookie, ELDER_COOKIE) === '1',
    requestId: (req as Request & { id?: string }).id,
  };
}

/**
 * Validates a page's query string with the API's own DTO and pipe. HTML GET forms send every field, so empty
 * values (an unselected filter) are dropped first; everything else is validated exactly as on /api/v1 — an
 * unknown or bad parameter is a 400 (rendered as an HTML error page).
 */
export async function pageQuery<T extends object>(dto: Type<T>, raw: Record<string, unknown>): Promise<T> {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  return (await createValidationPipe().transform(cleaned, { type: 'query', metatype: dto })) as T;
}

/** A same-site path to come back to (never another host: `//evil` and `/\evil` are refused). */
export function localPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 2000 ? value : fallback;
}
