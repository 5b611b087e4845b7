import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { Audience } from '../auth/access.decorator';

/** What the post-processor needs to know about a route that the generated document does not say. */
export interface RouteFacts {
  /** The route's @Access declaration. */
  audience: Audience[];
  /** The route reads If-Match (optimistic locking): 409 STALE_VERSION and 428 VERSION_REQUIRED apply. */
  ifMatch: boolean;
}

export const ERROR_SCHEMA = 'ErrorBody';
const ERROR_REF = { $ref: `#/components/schemas/${ERROR_SCHEMA}` };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The one error body of the API (src/common/error.filter.ts). */
const ERROR_BODY: SchemaObject = {
  type: 'object',
  description: '所有错误的统一格式 / every error response has this shape (src/common/error.filter.ts)',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', description: 'HTTP 状态码 / the HTTP status', example: 400 },
    code: { type: 'string', description: '稳定的英文错误编码，供程序判断 / stable machine-readable code', example: 'VALIDATION_FAILED' },
    message: { type: 'string', description: '中文说明，可直接展示 / Chinese message for people', example: '请求参数有误：limit 不能大于 100' },
    details: {
      description: '出错字段列表，或与错误编码相关的数据（如 currentVersion、retryAfterSeconds、problems）/ offending fields, or code-specific data',
      oneOf: [
        {
          type: 'array',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
        { type: 'object', additionalProperties: true },
      ],
    },
  },
};

/** Standard descriptions; a description a controller declared (@ApiConflictResponse …) is kept and these are not added. */
const STANDARD: Record<number, string> = {
  400: '请求参数有误 VALIDATION_FAILED（details 列出字段）',
  401: '未登录或会话已失效 UNAUTHENTICATED / SESSION_EXPIRED',
  403: '无权执行 FORBIDDEN，或须先修改密码 PASSWORD_CHANGE_REQUIRED / 启用双因素 TOTP_ENROLMENT_REQUIRED',
  404: '记录不存在或未公开 *_NOT_FOUND',
  409: '数据冲突：编码或名称已存在 DUPLICATE',
  413: '请求内容过大 PAYLOAD_TOO_LARGE',
  422: '数据不符合约束 CONSTRAINT_VIOLATED，或引用的记录不存在 REFERENCE_INVALID',
  428: '缺少 If-Match 版本号 VERSION_REQUIRED',
  429: '请求过于频繁 RATE_LIMITED（Retry-After 头给出秒数）',
  500: '服务器内部错误 INTERNAL_ERROR（不含堆栈或 SQL；凭 X-Request-Id 查日志）',
};
const MALFORMED_BODY = '；请求体不是有效的 JSON MALFORMED_BODY';
const SUCCESS: Record<string, string> = { '200': '成功 / OK', '201': '已创建 / Created', '204': '成功，无内容 / No Content' };
const STALE_VERSION = '版本已过期 STALE_VERSION（details.currentVersion 为当前版本，刷新后重试）';

const ROLE_NAMES: Record<string, string> = {
  sysadmin: 'sysadmin 系统管理员',
  secadmin: 'secadmin 安全管理员',
  auditor: 'auditor 审计管理员',
  reviewer: 'reviewer 中心审核员',
  editor: 'editor 部门编辑',
};

/** The request-rate limit of protection.ts covers /api/ except staff routes (sign-in has its own limits, declared on it). */
const rateLimited = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/v1/admin/') && !path.startsWith('/api/v1/auth/');

function accessText(audience: Audience[]): string {
  if (audience.includes('public')) return '**权限 / Access**：公开，无需登录 / public, no sign-in';
  if (audience.includes('staff')) return '**权限 / Access**：任何已登录的工作人员 / any signed-in staff account (Bearer)';
  const keys = audience.filter((a) => a.startsWith('key:')).map((a) => a.slice(4));
  const roles = audience.filter((a) => !a.startsWith('key:'));
  if (roles.length === 0)
    return `**权限 / Access**：API 密钥（X-Api-Key），范围 / scope ${keys.join('、')}；按密钥的部门授权 / limited to the key's departments`;
  return `**权限 / Access**：${roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}（Bearer；对象级权限按部门检查 / object-level checks by department）`;
}

function addResponse(op: OperationObject, status: number, description: string): void {
  const key = String(status);
  const existing = op.responses[key] as ResponseObject | undefined;
  op.responses[key] = {
    ...existing,
    description: existing?.description || description,
    content: existing?.content ?? { 'application/json': { schema: ERROR_REF } },
  };
}

function completeOperation(path: string, method: string, op: OperationObject, facts: RouteFacts | undefined): void {
  if (!facts) throw new Error(`OpenAPI: no @Access facts for ${method.toUpperCase()} ${path} (operationId ${op.operationId})`);
  const isPublic = facts.audience.includes('public');
  // @nestjs/swagger leaves out header parameters typed `string | undefined`; If-Match is described here.
  const params = ((op.parameters ?? []) as ParameterObject[]).filter((p) => !(p.in === 'header' && p.name.toLowerCase() === 'if-match'));
  for (const p of params) {
    // A query parameter with a default is optional, whatever the DTO property's `?` says.
    if (p.in === 'query' && p.schema && 'default' in p.schema) p.required = false;
  }
  const ifMatch = facts.ifMatch;
  if (ifMatch) {
    params.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description: '所修改记录的版本号（乐观锁），如 "3" 或 W/"3" / the version this change is based on',
      schema: { type: 'string', example: '"3"' },
    });
  }
  op.parameters = params;
  const hasInput = params.length > 0 || !!op.requestBody;

  (op as OperationObject & Record<string, unknown>)['x-banshi-access'] = [...facts.audience];
  op.description = [op.description, accessText(facts.audience)].filter(Boolean).join('\n\n');
  if (isPublic) delete op.security;

  if (hasInput) addResponse(op, 400, STANDARD[400] + (op.requestBody ? MALFORMED_BODY : ''));
  if (!isPublic) {
    addResponse(op, 401, STANDARD[401]);
    addResponse(op, 403, STANDARD[403]);
  }
  if (path.includes('{')) addResponse(op, 404, STANDARD[404]);
  if (ifMatch) {
    const conflict = op.responses['409'] as ResponseObject | undefined;
    if (conflict && !conflict.description.includes('STALE_VERSION')) conflict.description = `${STALE_VERSION}；${conflict.description}`;
    addResponse(op, 409, STALE_VERSION);
    addResponse(op, 428, STANDARD[428]);
  }
  if (op.requestBody) addResponse(op, 413, STANDARD[413]);
  if (op.requestBody && method !== 'get' && !isPublic) {
    addResponse(op, 409, STANDARD[409]);
    addResponse(op, 422, STANDARD[422]);
  }
  if (rateLimited(path)) addResponse(op, 429, STANDARD[429]);
  addResponse(op, 500, STANDARD[500]);
  // Every error response a controller declared gets the shared body too (503 of /health/ready has its own).
  for (const [status, response] of Object.entries(op.responses)) {
    const r = response as ResponseObject;
    const n = Number(status);
    if (!r.description) r.description = SUCCESS[status] ?? '';
    if (((n >= 400 && n < 500) || n === 500) && !r.content) r.content = { 'application/json': { schema: ERROR_REF } };
  }
  op.responses = sortKeys(op.responses);
  if (op.tags) op.tags = [...op.tags].sort();
}

function sortKeys<T extends object>(o: T, compare?: (a: string, b: string) => number): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (compare ? compare(a, b) : a < b ? -1 : a > b ? 1 : 0))) as T;
}

/**
 * Turns what @nestjs/swagger generated into the published contract: the standard error responses on every
 * operation (one mechanism, not per-controller decorators), who may call each operation, the shared ErrorBody
 * schema, and a deterministic order (paths, responses, schemas and tags sorted; no servers, no timestamps).
 * `facts` is keyed by operationId (`<Controller>_<handler>`).
 */
export function completeDocument(doc: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      completeOperation(path, method, op, facts.get(op.operationId ?? ''));
      for (const t of op.tags ?? []) tags.add(t);
    }
  }
  const components = doc.components ?? {};
  const { openapi, info, servers: _servers, tags: _tags, paths, components: _components, ...rest } = doc;
  const { contact, ...infoRest } = info;
  const out: OpenAPIObject = {
    openapi,
    info: contact && Object.keys(contact).length ? info : infoRest,
    tags: [...tags].sort().map((name) => ({ name, ...doc.tags?.find((t) => t.name === name) })),
    ...rest,
    paths: sortKeys(paths),
    components: {
      ...components,
      schemas: sortKeys({ ...components.schemas, [ERROR_SCHEMA]: ERROR_BODY }),
      ...(components.securitySchemes ? { securitySchemes: sortKeys(components.securitySchemes) } : {}),
    },
  };
  sortEnums(out);
  return out;
}

/**
 * Sorts every string `enum`. The plugin takes enums from TypeScript union types, whose member order depends on the
 * order the compiler met the literals — an incremental build and a clean one can differ — so unsorted enums would
 * make openapi.json differ between machines.
 */
function sortEnums(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(sortEnums);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value) && value.every((v) => typeof v === 'string')) value.sort();
      else sortEnums(value);
    }
  }
}
