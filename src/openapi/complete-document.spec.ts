import type { OpenAPIObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { completeDocument, ERROR_SCHEMA, type RouteFacts } from './complete-document';

const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA}`;

function doc(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    servers: [{ url: 'http://127.0.0.1:3000' }],
    paths: {
      '/api/v1/matters/{idOrCode}': {
        get: {
          operationId: 'Matters_get',
          tags: ['matters'],
          parameters: [{ name: 'idOrCode', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: '' }, '410': { description: 'MATTER_ARCHIVED' } },
        },
      },
      '/api/v1/admin/matters/{code}/draft': {
        put: {
          operationId: 'MattersAdmin_update',
          tags: ['admin: matters', 'a-first'],
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/MatterDraftDto' } } } },
          responses: { '200': { description: '' }, '409': { description: 'WRONG_STATE / CODE_TAKEN' } },
          security: [{ bearer: [] }],
        },
      },
      '/api/v1/admin/audit': {
        get: {
          operationId: 'Audit_query',
          tags: ['admin: audit'],
          parameters: [{ name: 'limit', in: 'query', required: true, schema: { type: 'number', default: 20 } }],
          responses: { '200': { description: '' } },
          security: [{ bearer: [] }],
        },
      },
      '/health/live': { get: { operationId: 'Health_live', tags: ['health'], responses: { '200': { description: '' } } } },
    },
    components: { schemas: { Zeta: { type: 'object' }, Alpha: { type: 'object' } } },
  };
}

const facts = new Map<string, RouteFacts>([
  ['Matters_get', { audience: ['public'], ifMatch: false }],
  ['MattersAdmin_update', { audience: ['editor', 'reviewer'], ifMatch: true }],
  ['Audit_query', { audience: ['auditor'], ifMatch: false }],
  ['Health_live', { audience: ['public'], ifMatch: false }],
]);

const responses = (d: OpenAPIObject, path: string, method: 'get' | 'put') => d.paths[path][method]!.responses as Record<string, ResponseObject>;

describe('completeDocument', () => {
  const out = completeDocument(doc(), facts);

  it('adds the standard errors that apply to a public read, and keeps what the controller declared', () => {
    const r = responses(out, '/api/v1/matters/{idOrCode}', 'get');
    expect(Object.keys(r)).toEqual(['200', '400', '404', '410', '429', '500']);
    expect(r['410'].description).toBe('MATTER_ARCHIVED');
    for (const status of ['400', '404', '410', '429', '500']) expect(r[status].content?.['application/json'].schema).toEqual({ $ref: ERROR_REF });
    expect(r['200']).toEqual({ description: '成功 / OK' });
    expect(r['400'].description).not.toContain('MALFORMED_BODY'); // no body to be malformed
  });

  it('documents sign-in errors, optimistic locking and constraint errors on a staff write', () => {
    const op = out.paths['/api/v1/admin/matters/{code}/draft'].put!;
    const r = op.responses as Record<string, ResponseObject>;
    expect(Object.keys(r)).toEqual(['200', '400', '401', '403', '404', '409', '413', '422', '428', '500']);
    expect(r['409'].description).toBe('版本已过期 STALE_VERSION（details.currentVersion 为当前版本，刷新后重试）；WRONG_STATE / CODE_TAKEN');
    const ifMatch = (op.parameters as ParameterObject[]).find((p) => p.in === 'header');
    expect(ifMatch).toMatchObject({ name: 'If-Match', required: true });
    expect(op.security).toEqual([{ bearer: [] }]);
    expect((op as unknown as Record<string, unknown>)['x-banshi-access']).toEqual(['editor', 'reviewer']);
    expect(op.description).toContain('editor 部门编辑、reviewer 中心审核员');
    expect(op.tags).toEqual(['a-first', 'admin: matters']);
  });

  it('does not promise a rate limit or sign-in errors where none apply', () => {
    expect(Object.keys(responses(out, '/health/live', 'get'))).toEqual(['200', '500']);
    expect(Object.keys(responses(out, '/api/v1/admin/audit', 'get'))).toEqual(['200', '400', '401', '403', '500']);
  });

  it('makes a query parameter with a default optional', () => {
    const [limit] = out.paths['/api/v1/admin/audit'].get!.parameters as ParameterObject[];
    expect(limit.required).toBe(false);
  });

  it('is deterministic: sorted paths, schemas and tags, no servers', () => {
    expect(Object.keys(out.paths)).toEqual(['/api/v1/admin/audit', '/api/v1/admin/matters/{code}/draft', '/api/v1/matters/{idOrCode}', '/health/live']);
    expect(Object.keys(out.components!.schemas!)).toEqual(['Alpha', ERROR_SCHEMA, 'Zeta']);
    expect(out.tags!.map((t) => t.name)).toEqual(['a-first', 'admin: audit', 'admin: matters', 'health', 'matters']);
    expect(Object.keys(out)).toEqual(['openapi', 'info', 'tags', 'paths', 'components']);
    expect(JSON.stringify(completeDocument(doc(), facts))).toBe(JSON.stringify(out));
  });

  it('refuses an operation whose access it does not know (every route declares @Access)', () => {
    expect(() => completeDocument(doc(), new Map())).toThrow(/no @Access facts/);
  });
});
