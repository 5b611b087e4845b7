import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../common/app-error';

/**
 * CSRF protection of the portal's forms (好差评, 反映问题, 长辈版): a form may be posted only from Banshi's own pages.
 * The portal has no login and no session, so there is no secret a token could be derived from; instead the browser
 * itself says where a post comes from, and it cannot be made to lie by the page that sends it:
 * - `Sec-Fetch-Site` (every current browser): only `same-origin` (a form on our page) or `none` (typed by the user)
 *   pass; `cross-site` and `same-site` (a sibling host) are refused.
 * - otherwise `Origin` (sent with every POST by browsers since 2020, also without JavaScript): must be one of ours;
 *   the opaque `null` (sandboxed frames, data: pages) is refused.
 * - neither header: not a browser (curl, a test client) — a forged cross-site request needs a victim's browser, and
 *   every browser that could carry it sends one of the two, so such posts are let through (their limits still apply).
 * Returns why a post is refused, or null.
 */
export function crossSiteReason(headers: { 'sec-fetch-site'?: string; origin?: string }, ownOrigins: readonly string[]): string | null {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  return ownOrigins.includes(origin.toLowerCase()) ? null : `Origin: ${origin.slice(0, 100)}`;
}

/**
 * The middleware for page posts outside the staff console (which has its own synchronizer token): the request's own
 * origin (as Express sees it behind TRUSTED_PROXIES) and PUBLIC_URL's origin are ours. A refusal is a 403
 * `CSRF_FAILED`, rendered as the HTML error page, before the body is read.
 */
export function sameOriginPosts(publicUrl: string) {
  const configured = new URL(publicUrl).origin.toLowerCase();
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH' && req.method !== 'DELETE') return next();
    const own = [configured, `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase()];
    const reason = crossSiteReason(req.headers as { 'sec-fetch-site'?: string; origin?: string }, own);
    if (!reason) return next();
    next(new AppError(403, 'CSRF_FAILED', '这个表单不是从本网站的页面提交的，已拒绝，没有保存任何内容。请打开本网站的页面重新填写。'));
  };
}
