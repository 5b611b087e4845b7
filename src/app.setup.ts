import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpHeaders } from './common/http-headers';
import { createValidationPipe } from './common/validation.pipe';

/** HTTP-level setup shared by main.ts and the e2e tests, so tests exercise exactly what runs in production. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Public requests carry tiny bodies; a bulk import endpoint, when it exists, sets its own limit.
  express.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  app.use(httpHeaders);
  const doc = new DocumentBuilder()
    .setTitle('Banshi 办事 API')
    .setDescription('政务服务事项目录与《办事不找关系指南》 — government service-matter directory and guide')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
}
