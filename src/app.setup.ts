import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, urlencoded, type NextFunction, type Request, type Response } from 'express';
import { httpHeaders } from './common/http-headers';
import { rejectBadInput } from './common/input-guard.middleware';
import { applyPageLimits, applyProtection, applySignInLimits } from './common/protection';
import { isPagePath } from './web/web-paths';
import type { KeyedRequest } from './integration/api-key.middleware';
import type { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation.pipe';
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
  // The bulk import endpoints take their upload (XLSX, CSV or JSON) as raw bytes with their own limit, registered
  // before the JSON parser so it leaves those bodies alone. Uploads without credentials are refused before
  // anything is buffered (the guard checks the credentials themselves afterwards).
  const uploads = ['/api/v1/admin/import', '/api/v1/integration/import'];
  express.use(uploads, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '') || (req as KeyedRequest).apiKey) return next();
    res.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录（Authorization: Bearer <令牌>）或提供 API 密钥（X-Api-Key）' });
  });
  express.use(uploads, raw({ type: () => true, limit: config.IMPORT_MAX_MB * 1024 * 1024 }));
  // Every other request carries a small JSON body; page forms post small url-encoded ones (pages only: the API
  // keeps accepting JSON alone).
  express.useBodyParser('json', { limit: '1mb' });
  const form = urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });
  express.use((req: Request, res: Response, next: NextFunction) => (isPagePath(req.path) ? form(req, res, next) : next()));
  applyPageLimits(app, config);
  app.use(rejectBadInput);
  applySignInLimits(app, config);
  app.useGlobalPipes(createValidationPipe());
  // Browsable at /api/docs, JSON at /api/docs-json — the same document `npm run openapi` commits as openapi.json.
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app));
}
