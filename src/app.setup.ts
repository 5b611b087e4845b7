import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpHeaders } from './common/http-headers';
import { applyProtection } from './common/protection';
import type { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation.pipe';

/** HTTP-level setup shared by main.ts and the e2e tests, so tests exercise exactly what runs in production. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Requests carry small bodies; the bulk import endpoint reads its upload with its own limit.
  express.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  app.use(httpHeaders);
  applyProtection(app, config);
  const doc = new DocumentBuilder()
    .setTitle('Banshi 办事 API')
    .setDescription('政务服务事项目录与《办事不找关系指南》 — government service-matter directory and guide')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
}
