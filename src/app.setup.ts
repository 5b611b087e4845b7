import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { httpHeaders } from './common/http-headers';
import { applyProtection } from './common/protection';
import type { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation.pipe';
import { createOpenApiDocument, DOCS_PATH } from './openapi/openapi.document';

/** HTTP-level setup shared by main.ts and the e2e tests, so tests exercise exactly what runs in production. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // First, so that every response — early refusals and body-parser errors too — carries a request id and is logged.
  app.use(httpHeaders(config));
  // Requests carry small bodies; the bulk import endpoint takes its upload (XLSX, CSV or JSON) as raw bytes with
  // its own limit. Registered first, so the JSON parser leaves that body alone.
  // Anonymous uploads are refused before anything is buffered (the guard checks the token itself afterwards).
  express.use('/api/v1/admin/import', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '')) return next();
    res.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录（Authorization: Bearer <令牌>）' });
  });
  express.use('/api/v1/admin/import', raw({ type: () => true, limit: config.IMPORT_MAX_MB * 1024 * 1024 }));
  express.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  applyProtection(app, config);
  // Browsable at /api/docs, JSON at /api/docs-json — the same document `npm run openapi` commits as openapi.json.
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app));
}
