import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { httpHeaders } from './common/http-headers';
import { rejectBadInput } from './common/input-guard.middleware';
import { isUploadRoute, UPLOAD_ROUTES } from './common/upload.interceptor';
import { applyPageLimits, applyProtection, applySignInLimits } from './common/protection';
import { isPagePath } from './web/web-paths';
import { consoleHttp } from './web/console/console-http';
import type { KeyedRequest } from './integration/api-key.middleware';
import type { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation.pipe';
import { SearchCacheService } from './search/search-cache.service';
import { createOpenApiDocument, DOCS_PATH } from './openapi/openapi.document';

/** HTTP-level setup, called by main.ts; the e2e tests start the built main.js, so they exercise exactly this. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Order matters: request id first (every answer — early refusals and body-parser errors too — carries it and is
  // logged), then headers, CORS, API keys and rate limits (before any body is read), then bodies, then what needs a
  // parsed body (the per-login sign-in limit).
  app.use(httpHeaders(config));
  applyProtection(app, config);
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
  const form = urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });
  express.use((req: Request, res: Response, next: NextFunction) => (isPagePath(req.path) ? form(req, res, next) : next()));
  applyPageLimits(app, config);
  app.use(rejectBadInput);
  // A repeated search is answered here from the response cache, after every protection above and before routing and
  // validation (docs/search.md §6).
  app.use(app.get(SearchCacheService).fastPath);
  applySignInLimits(app, config);
  app.useGlobalPipes(createValidationPipe());
  // Browsable at /api/docs, JSON at /api/docs-json — the same document `npm run openapi` commits as openapi.json.
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app));
}
