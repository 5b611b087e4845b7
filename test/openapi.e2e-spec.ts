import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Banshi, startBanshi } from './setup/test-app';

const ROOT = join(__dirname, '..');
const FIX = 'openapi.json differs from the code — run `npm run openapi` and commit openapi.json';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, unknown>;
}

/** Where two documents differ (JSON pointers, at most `max`), so a drift failure says what changed. */
function differences(a: Json, b: Json, at = '', out: string[] = [], max = 15): string[] {
  if (out.length >= max) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${at || '/'}: committed ${JSON.stringify(a)?.slice(0, 80)} ≠ code ${JSON.stringify(b)?.slice(0, 80)}`);
    return out;
  }
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  for (const key of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const path = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!(key in bo)) out.push(`${path}: only in the committed file`);
    else if (!(key in ao)) out.push(`${path}: only in the code`);
    else differences(ao[key], bo[key], path, out, max);
    if (out.length >= max) break;
  }
  return out;
}

function expectSameDocument(committedText: string, generated: unknown): void {
  const diff = differences(JSON.parse(committedText) as Json, generated as Json);
  if (diff.length) throw new Error(`${FIX}:\n  ${diff.join('\n  ')}`);
  // Same content, and byte-for-byte what `npm run openapi` writes (formatting, key order).
  if (committedText !== `${JSON.stringify(generated, null, 2)}\n`) throw new Error(`${FIX} (key order or formatting)`);
}

describe('OpenAPI contract (openapi.json)', () => {
  let app: Banshi;
  const committed = readFileSync(join(ROOT, 'openapi.json'), 'utf8');
  const doc = JSON.parse(committed) as {
    paths: Record<
      string,
      Record<
        string,
        { responses: Record<string, { content?: unknown }>; security?: unknown; 'x-banshi-access'?: string[]; parameters?: { in: string; name: string }[] }
      >
    >;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
    servers?: unknown;
  };

  beforeAll(async () => {
    app = await startBanshi();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the running service serves exactly the committed document at /api/docs-json', async () => {
    const res = await app.http().get('/api/docs-json').expect(200);
    expectSameDocument(committed, res.body);
    await app.http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('`npm run openapi` needs no database or Meilisearch, and its --check agrees with the committed file', () => {
    const dataDir = join(tmpdir(), `banshi-openapi-${process.pid}`);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/openapi.js'), '--stdout'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectSameDocument(committed, JSON.parse(r.stdout));
    expect(existsSync(dataDir)).toBe(false); // no embedded server was started
    const check = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/openapi.js'), '--check'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it('was built with the @nestjs/swagger CLI plugin (DTO properties without @ApiProperty are described)', () => {
    // PublishDto and ReasonDto carry class-validator decorators only; without the plugin their schemas are empty.
    expect(Object.keys(doc.components.schemas.PublishDto.properties ?? {})).toEqual(expect.arrayContaining(['effectiveFrom', 'effectiveTo']));
    expect(Object.keys(doc.components.schemas.ReasonDto.properties ?? {})).toContain('reason');
    const changes = doc.paths['/api/v1/changes'].get.parameters?.map((p) => p.name);
    expect(changes).toEqual(expect.arrayContaining(['since', 'limit']));
  });

  it('every operation documents its errors with the shared ErrorBody, and states who may call it', () => {
    expect(doc.servers).toBeUndefined();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, op.responses['500']?.content]).toEqual([where, { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } }]);
        const access = op['x-banshi-access'] ?? [];
        expect([where, access.length > 0]).toEqual([where, true]);
        if (!access.includes('public')) {
          expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['401', '403'])]);
          const keysOnly = access.every((a: string) => a.startsWith('key:'));
          expect([where, op.security]).toEqual([where, [keysOnly ? { 'api-key': [] } : { bearer: [] }]]);
        }
        if (op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match')) {
          expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['409', '428'])]);
        }
      }
    }
    expect(operations).toBeGreaterThan(90);
  });

  it('every operation describes its success: 204, a JSON body with named properties, or a file content type', () => {
    const schemas = doc.components.schemas as Record<string, Schema>;
    const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? schemas[s.$ref.replace('#/components/schemas/', '')] : s);
    /** A body an integrator can generate a client from: an object with properties, or a list of such objects. */
    const described = (s: Schema | undefined): boolean => {
      const r = resolve(s);
      if (!r) return false;
      if (r.type === 'array') return described(r.items);
      return Object.keys(r.properties ?? {}).length > 0;
    };
    const file = (s: Schema | undefined) => s?.type === 'string' && s.format === 'binary';
    const undescribed: string[] = [];
    let files = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        const ok = success.some(([status, r]) => {
          if (status === '204') return true;
          const content = Object.entries((r.content ?? {}) as Record<string, { schema?: Schema }>);
          if (content.length === 0) return false;
          files += content.filter(([, c]) => file(c.schema)).length;
          return content.every(([type, c]) => file(c.schema) || (type.includes('json') && described(c.schema)));
        });
        if (!ok) undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undescribed).toEqual([]);
    // The downloads (catalogue export, audit export, spreadsheet template, import progress) are described as files.
    expect(files).toBeGreaterThanOrEqual(4);
  });
});
