import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_KEY, type Audience } from '../auth/access.decorator';
import { completeDocument, type RouteFacts } from './complete-document';

/** Where the browsable docs are served; the JSON is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'api/docs';
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

const DESCRIPTION = [
  '政务服务事项目录与《办事不找关系指南》的接口 — the API of a government service-matter directory and its guide.',
  '',
  '- 公开读取（`/api/v1/*`，无需登录）、员工维护（`/api/v1/admin/*`、`/api/v1/auth/*`，Bearer 会话令牌：`POST /api/v1/auth/sign-in`）。',
  '  Public reads need no sign-in; staff routes take the session token of `POST /api/v1/auth/sign-in` as `Authorization: Bearer`.',
  '- 每个操作的说明写明谁能调用（`x-banshi-access`）；错误统一为 `ErrorBody` `{ statusCode, code, message, details }`，`code` 稳定、`message` 为中文。',
  '  Each operation states who may call it (`x-banshi-access`); every error is an `ErrorBody` with a stable `code`.',
  '- 每个响应带 `X-Request-Id`（可由调用方提供），排障时请附上。/ Every response carries `X-Request-Id`; quote it when reporting a problem.',
  '- 文档 / Docs: README.md（接口一览）、docs/staff.md（角色与流程）、docs/exchange-format.md（交换格式）、docs/operations.md（运维）。',
  '  This document is generated from the code and committed as `openapi.json` (`npm run openapi`).',
].join('\n');

/** The document's fixed part: no servers (clients use the URL they fetched it from), no dates. */
export function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Banshi 办事 API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: '员工会话令牌 / staff session token (POST /api/v1/auth/sign-in)' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '其他政务系统的接口密钥 / API key of an integrating system' }, API_KEY_SCHEME)
    .build();
}

/** Whether the handler reads the If-Match header (@Headers('if-match')): optimistic locking. */
function readsIfMatch(type: object, handler: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, handler) ?? {}) as Record<string, { data?: unknown }>;
  return Object.entries(args).some(([key, arg]) => Number(key.split(':')[0]) === RouteParamtypes.HEADERS && String(arg.data).toLowerCase() === 'if-match');
}

/** @Access (and If-Match use) of every route handler, keyed like swagger's operationIds (`<Controller>_<handler>`). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type) continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const audience = reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_KEY, [handler, type]);
        if (audience?.length) facts.set(`${type.name}_${name}`, { audience, ifMatch: readsIfMatch(type, name) });
      }
    }
  }
  return facts;
}

/**
 * The OpenAPI document of the running code: what @nestjs/swagger and its CLI plugin read from controllers and DTOs,
 * completed by completeDocument (errors, access, order). Served at /api/docs and exported to openapi.json by
 * `npm run openapi`; test/openapi.e2e-spec.ts fails when the two differ.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const generated = SwaggerModule.createDocument(app, documentConfig(), {
    operationIdFactory: (controller, handler) => `${controller}_${handler}`,
  });
  return completeDocument(generated, routeFacts(app));
}
