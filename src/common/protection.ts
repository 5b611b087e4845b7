import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { AppError } from './app-error';
import { isPagePath } from './page-paths';

/**
 * What the feature modules contribute to the protection (wired in src/app.setup.ts, so common/ imports none of them):
 * who an API client is (integration/) and where shared counters live (cluster/).
 */
export interface ProtectionParts {
  /** Runs on /api/ before the rate limit: identifies the client (or answers 400/401 for a bad credential). */
  identifyClient: (req: Request, res: Response, next: NextFunction) => void;
  /** The identified client's own counter key and per-minute limit, replacing its IP's; undefined for anonymous calls. */
  clientLimit: (req: Request) => { key: string; perMinute: number } | undefined;
  /** A counter store shared by every instance, used when RATE_LIMIT_STORE=postgres (keys prefixed with `prefix`). */
  sharedStore: (prefix: string) => Store;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The sign-in of the JSON API and of the staff console (src/web/console), limited alike. */
const SIGN_IN = ['/api/v1/auth/sign-in', '/admin/sign-in'];
const onlyPosts = (req: Request) => req.method !== 'POST';

/** Counters of one limiter: in this process, or in Postgres shared by every instance (RATE_LIMIT_STORE). */
const storeFor = (parts: ProtectionParts, config: AppConfig, name: string) =>
  config.RATE_LIMIT_STORE === 'postgres' ? { store: parts.sharedStore(`${name}:`), passOnStoreError: true } : {};

const tooMany = (message: string) => (_req: Request, res: Response) => {
  res.status(429).json({ statusCode: 429, code: 'RATE_LIMITED', message });
};

/**
 * HTTP protection (OWASP API4/API8): security headers, CORS allow-list, client IP from trusted proxies only,
 * API keys (header only) and rate limits per client IP or per key — stricter on sign-in, which is also limited per
 * login name.
 * Counters live in each instance's memory by default (N instances ≈ N×); RATE_LIMIT_STORE=postgres shares them.
 * A store error lets the request through (logged): rate limits protect availability, they must not take it away.
 */
export function applyProtection(app: INestApplication, config: AppConfig, parts: ProtectionParts): void {
  const express = app as NestExpressApplication;
  const proxies = list(config.TRUSTED_PROXIES);
  express.set('trust proxy', proxies.length ? proxies : false);

  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // Swagger UI needs its own scripts and styles; it still may not be framed.
  const docs = helmet({
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  // Pages (portal, console, their assets): scripts, styles and images from Banshi itself only — no inline script,
  // no inline style attribute, no CDN; forms post only to Banshi; never framed.
  const pages = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        manifestSrc: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  app.use((req: Request, res: Response, next: () => void) => (req.path.startsWith('/api/docs') ? docs : isPagePath(req.path) ? pages : api)(req, res, next));

  const origins = list(config.CORS_ORIGINS);
  app.enableCors({
    origin: origins.length ? origins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id', 'X-Api-Key'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Change-Cursor'],
    maxAge: 600,
  });

  app.use(
    SIGN_IN,
    rateLimit({
      ...storeFor(parts, config, 'sign-in-ip'),
      windowMs: 15 * 60_000,
      limit: config.SIGN_IN_RATE_LIMIT,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: onlyPosts,
      handler: tooMany('登录尝试过于频繁，请稍后再试'),
    }),
  );
  // API keys: read once here; a valid key gets its own limit instead of its client's per-IP one.
  app.use('/api/', parts.identifyClient);
  app.use(
    '/api/',
    rateLimit({
      ...storeFor(parts, config, 'public'),
      windowMs: 60_000,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      limit: (req) => parts.clientLimit(req)?.perMinute ?? config.PUBLIC_RATE_LIMIT,
      keyGenerator: (req) => parts.clientLimit(req)?.key ?? ipKeyGenerator(req.ip ?? ''),
      skip: (req) => req.path.startsWith('/v1/admin/') || req.path.startsWith('/v1/auth/'),
      handler: tooMany('请求过于频繁，请稍后再试'),
    }),
  );
}

/**
 * Pages share the public per-IP limit (answered with an HTML 429 page); form posts (feedback) have their own,
 * much lower hourly limit on top.
 */
export function applyPageLimits(app: INestApplication, config: AppConfig, parts: ProtectionParts): void {
  const tooManyPages = (message: string) => (_req: Request, _res: Response, next: (e: unknown) => void) =>
    next(new AppError(429, 'RATE_LIMITED', message, { retryAfterSeconds: 60 }));
  const perMinute = rateLimit({
    ...storeFor(parts, config, 'pages'),
    windowMs: 60_000,
    limit: config.PUBLIC_RATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `page:${ipKeyGenerator(req.ip ?? '')}`,
    handler: tooManyPages('请求过于频繁，请稍后再试'),
  });
  const posts = rateLimit({
    ...storeFor(parts, config, 'feedback'),
    windowMs: 60 * 60_000,
    limit: config.FEEDBACK_RATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `feedback:${ipKeyGenerator(req.ip ?? '')}`,
    handler: tooManyPages('提交过于频繁，请一小时后再试'),
  });
  app.use((req: Request, res: Response, next: (e?: unknown) => void) => {
    const page = isPagePath(req.path) && !req.path.startsWith('/assets/');
    // Feedback, from the matter page's forms or the JSON API (which the /api/ limit also covers per minute).
    if (req.method === 'POST' && (req.path === '/api/v1/feedback' || (page && /\/feedback$/.test(req.path)))) {
      return posts(req, res, (e?: unknown) => (e ? next(e) : page ? perMinute(req, res, next) : next()));
    }
    return page ? perMinute(req, res, next) : next();
  });
}

/** Sign-in attempts per login name (needs the parsed body, so it runs after the JSON parser). */
export function applySignInLimits(app: INestApplication, config: AppConfig, parts: ProtectionParts): void {
  app.use(
    SIGN_IN,
    rateLimit({
      ...storeFor(parts, config, 'sign-in-login'),
      windowMs: 15 * 60_000,
      limit: config.SIGN_IN_ACCOUNT_RATE_LIMIT,
      standardHeaders: false,
      legacyHeaders: false,
      skip: onlyPosts,
      keyGenerator: (req) =>
        `login:${String((req.body as { login?: unknown } | undefined)?.login ?? '')
          .trim()
          .toLowerCase()}`,
      handler: tooMany('该账号登录尝试过于频繁，请稍后再试'),
    }),
  );
}
