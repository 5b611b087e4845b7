import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../../common/app-error';
import { findBadInput } from '../../common/input-guard';

/**
 * HTTP plumbing of the staff console (/admin): browser sessions and CSRF. Mounted on /admin only, so the JSON API
 * (/api/v1, bearer tokens) is untouched and never accepts a cookie — a cross-site form cannot reach it.
 *
 * - The session cookie carries the same opaque token the bearer API uses (SessionsService issues and checks it);
 *   this middleware copies it into `Authorization` for /admin requests only, so the global AccessGuard stays the one
 *   authority. Any Authorization header a browser request brings to /admin is ignored.
 * - CSRF: every POST under /admin must carry `_csrf` equal to the synchronizer token of its session, a hash of the
 *   session token (an attacker who cannot read the HttpOnly cookie cannot compute it; nothing to store, and every
 *   instance agrees). Before sign-in, the sign-in form is protected by a double-submit cookie (`banshi_presign`).
 */
export const SESSION_COOKIE = 'banshi_session';
export const PRESIGN_COOKIE = 'banshi_presign';
export const COOKIE_PATH = '/admin';

export type ConsoleRequest = Request & { consoleToken?: string; csrfToken?: string; presignToken?: string };

export const csrfFor = (sessionToken: string) => createHash('sha256').update(`banshi-console-csrf:${sessionToken}`).digest('base64url');

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/admin, Secure when the request came over HTTPS. */
export function cookie(name: string, value: string, req: Request, maxAgeSeconds?: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax'];
  if (req.secure) parts.push('Secure');
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const formBody = urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000 });

/** The /admin middleware: cookies → token, form bodies, bad-input guard, CSRF check. */
export function consoleHttp() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const r = req as ConsoleRequest;
    const cookies = parseCookies(req.headers.cookie);
    delete req.headers.authorization;
    const token = cookies[SESSION_COOKIE];
    if (token && /^bst_[A-Za-z0-9_-]{20,100}$/.test(token)) {
      r.consoleToken = token;
      r.csrfToken = csrfFor(token);
      req.headers.authorization = `Bearer ${token}`;
    }
    r.presignToken = cookies[PRESIGN_COOKIE];
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    // A file upload's form fields (and its _csrf) are read by multer after the guard (UploadInterceptor), so its CSRF
    // check runs there (ConsoleUploadCsrf). Only the listed routes may receive multipart bodies at all.
    if (req.is('multipart/form-data')) {
      if (CONSOLE_UPLOAD_ROUTES.includes(req.path.replace(/\/$/, ''))) return next();
      return next(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '此表单不接受文件上传'));
    }
    formBody(req, res, (err?: unknown) => {
      if (err)
        return next(
          (err as { status?: number }).status === 413
            ? new AppError(413, 'PAYLOAD_TOO_LARGE', '表单内容过大')
            : new AppError(400, 'MALFORMED_BODY', '表单格式不正确'),
        );
      const body = (req.body ?? {}) as Record<string, unknown>;
      const problem = findBadInput(body);
      if (problem) return next(AppError.badRequest(problem.field, problem.message));
      const signIn = req.path === '/sign-in';
      next(checkCsrf(body, signIn ? r.presignToken : r.csrfToken));
    });
  };
}

/** Console routes (paths under /admin) that take a multipart file upload; their CSRF check is ConsoleUploadCsrf. */
export const CONSOLE_UPLOAD_ROUTES = ['/import'];

/** undefined when the form's `_csrf` matches `expected` (and removes it from the body); else the 403 to answer. */
export function checkCsrf(body: Record<string, unknown>, expected: string | undefined): AppError | undefined {
  const sent = typeof body._csrf === 'string' ? body._csrf : '';
  if (!sent || !expected || !equal(sent, expected)) {
    return new AppError(403, 'CSRF_FAILED', '表单已过期或来源不明（CSRF 校验失败），没有做任何修改。请返回上一页刷新后重试。');
  }
  delete body._csrf;
  return undefined;
}

export const newPresignToken = () => randomBytes(24).toString('base64url');
