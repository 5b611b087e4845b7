import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { httpHeaders } from './common/http-headers';
import { DataSource } from 'typeorm';
import { PostgresRateLimitStore } from './cluster/postgres-rate-limit.store';
import { rejectBadInput } from './common/input-guard.middleware';
import { isPagePath } from './common/page-paths';
import { applyPageLimits, applyProtection, applySignInLimits, type ProtectionParts } from './common/protection';
import { consoleHttp } from './web/console/console-http';
import { apiKeyMiddleware, type KeyedRequest } from './integration/api-key.middleware';
import { ApiKeysService } from './integration/api-keys.service';
import { sameOriginPosts } from './web/same-origin';
import type { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation.pipe';
import { SearchCacheService } from './search/search-cache.service';
import { createOpenApiDocument, DOCS_PATH } from './openapi/openapi.document';

/**
 * Routes whose body is a file (the handlers use common/upload.interceptor.ts: workflow/import.admin.controller.ts and
 * integration/integration.controller.ts): the JSON and form body parsers leave them alone.
 */
const UPLOAD_ROUTES = ['/api/v1/admin/import', '/api/v1/integration/import'];
const isUploadRoute = (req: Request) => UPLOAD_ROUTES.includes(req.path.replace(/\/$/, ''));

/** HTTP-level setup, called by main.ts; the e2e tests start the built main.js, so they exercise exactly this. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // What the feature modules give the protection of common/protection.ts: API keys, and counters shared in Postgres.
  const protection: ProtectionParts = {
    identifyClient: apiKeyMiddleware(app.get(ApiKeysService)),
    clientLimit: (req) => {
      const key = (req as KeyedRequest).apiKey;
      return key ? { key: `key:${key.id}`, perMinute: key.rateLimitPerMinute } : undefined;
    },
    sharedStore: (prefix) => new PostgresRateLimitStore(app.get(DataSource), prefix),
  };
  // Order matters: request id first (every answer — early refusals and body-parser errors too — carries it and is
  // logged), then headers, CORS, API keys and rate limits (before any body is read), then bodies, then what needs a
  // parsed body (the per-login sign-in limit).
  app.use(httpHeaders(config));
  // gzip / deflate for what compresses (HTML, JSON, CSS, JS, CSV, XML — the `compressible` list), over 1 KB. Progress
  // streams (NDJSON import progress, NDJSON exports) are left alone: gzip holds output back until its buffer fills,
  // which would turn "a few lines a second" into one late burst. `Cache-Control: no-transform` is honoured.
  app.use(
    compression({
      threshold: 1024,
      filter: (req, res) => !/^application\/x-ndjson|^text\/event-stream/.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res),
    }),
  );
  applyProtection(app, config, protection);
  // The bulk import endpoints take a file (XLSX, CSV or JSON; a raw body or a multipart `file` field): the body
  // parsers leave them alone, and UploadInterceptor spools the file to disk after the guard (IMPORT_MAX_MB). Uploads
  // without credentials are refused before anything is read (the guard checks the credentials themselves).
  express.use(UPLOAD_ROUTES, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '') || (req as KeyedRequest).apiKey) return next();
    res.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录（Authorization: Bearer <令牌>）或提供 API 密钥（X-Api-Key）' });
  });
  // Every other request carries a small JSON body; page forms post small url-encoded ones (pages only: the API
  // keeps accepting JSON alone). (The JSON parser is handed Express requests: it runs inside the Express app.)
  const jsonBody = (req: IncomingMessage) => !isUploadRoute(req as Request) && !!(req as Request).is('application/json');
  express.useBodyParser('json', { limit: '1mb', type: jsonBody });
  // The staff console parses its own (larger, nested) forms, after turning its session cookie into the bearer token
  // and checking the CSRF token (src/web/console/console-http.ts); the portal's parser then finds them read.
  express.use('/admin', consoleHttp());
  // The portal's forms (no session, no token): posted from our own pages only (src/web/same-origin.ts).
  const sameOrigin = sameOriginPosts(config.publicUrl);
  express.use((req: Request, res: Response, next: NextFunction) =>
    isPagePath(req.path) && !req.path.startsWith('/admin') ? sameOrigin(req, res, next) : next(),
  );
  const form = urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });
  express.use((req: Request, res: Response, next: NextFunction) => (isPagePath(req.path) ? form(req, res, next) : next()));
  applyPageLimits(app, config, protection);
  app.use(rejectBadInput);
  // A repeated search is answered here from the response cache, after every protection above and before routing and
  // validation (docs/search.md §6).
  app.use(app.get(SearchCacheService).fastPath);
  applySignInLimits(app, config, protection);
  app.useGlobalPipes(createValidationPipe());
  // Browsable at /api/docs, JSON at /api/docs-json — the same document `npm run openapi` commits as openapi.json.
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app));
}
