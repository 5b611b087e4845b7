import { request as httpRequest } from 'node:http';
import { Staff } from './setup/staff';
import { Banshi, eventually, startBanshi } from './setup/test-app';

type Line = Record<string, unknown> & { level: string; message: unknown; requestId?: string };

/**
 * POSTs `body` in two parts 300 ms apart, as a slow client or a large upload would: the body parser then finishes
 * in the request stream's callbacks, outside the request context.
 */
function slowPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    const bytes = Buffer.from(body);
    req.write(bytes.subarray(0, 10));
    setTimeout(() => req.end(bytes.subarray(10)), 300);
  });
}

/** Every line the service has written so far, each of which must be one JSON object. */
function jsonLines(banshi: Banshi): Line[] {
  return banshi
    .logs()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
}

describe('structured logs (LOG_FORMAT=json)', () => {
  let banshi: Banshi;
  beforeAll(async () => {
    banshi = await startBanshi({ LOG_FORMAT: 'json', LOG_LEVEL: 'log' });
  });
  afterAll(() => banshi?.close());

  it('writes only JSON lines, start-up included', () => {
    const lines = jsonLines(banshi);
    expect(lines.some((l) => String(l.message).includes('Banshi 办事 is serving at'))).toBe(true);
    for (const l of lines) expect(typeof l.level).toBe('string');
  });

  it('writes one access line per request with the request id of the response header, and nothing secret', async () => {
    const res = await banshi.http().get('/api/v1/departments/no-such-dept?limit=5&note=query-secret-123').set('x-request-id', 'log-e2e-1').expect(404);
    expect(res.headers['x-request-id']).toBe('log-e2e-1');
    const generated = await banshi.http().get('/api/v1/stats').expect(200);
    const id = generated.headers['x-request-id'];
    await banshi.http().get('/api/v1/admin/audit').set('authorization', 'Bearer not-a-real-token-456').set('x-request-id', 'log-e2e-2').expect(401);

    const access = await eventually(
      async () => {
        const found = jsonLines(banshi).filter((l) => l.context === 'HTTP' && ['log-e2e-1', 'log-e2e-2', id].includes(l.requestId ?? ''));
        return found.length === 3 ? found : undefined;
      },
      5_000,
      'three access lines',
    );
    expect(access.find((l) => l.requestId === 'log-e2e-1')).toMatchObject({ level: 'log', method: 'GET', route: '/api/v1/departments/:idOrCode', status: 404 });
    expect(access.find((l) => l.requestId === id)).toMatchObject({ method: 'GET', route: '/api/v1/stats', status: 200 });
    expect(access.find((l) => l.requestId === 'log-e2e-2')).toMatchObject({ method: 'GET', route: '/api/v1/admin/audit', status: 401 });
    for (const l of access) expect(typeof l.durationMs).toBe('number');
    expect(banshi.logs()).not.toContain('query-secret-123');
    expect(banshi.logs()).not.toContain('not-a-real-token-456');
  });

  it('every line written while handling a request carries its id (here: the import service, after the upload body was read)', async () => {
    const staff = await Staff.bootstrap(banshi);
    const file = { format: 'banshi-exchange', version: 1, departments: [{ code: '210782-LOGT', name: '日志测试局' }] };
    const res = await slowPost(
      `${banshi.url}/api/v1/admin/import?dryRun=true`,
      {
        authorization: `Bearer ${staff.sysadmin.token}`,
        'content-type': 'application/json',
        'x-request-id': 'log-e2e-import',
      },
      JSON.stringify(file),
    );
    expect([res.status, JSON.parse(res.body)]).toEqual([200, expect.objectContaining({ dryRun: true })]);
    const lines = await eventually(
      async () => {
        const found = jsonLines(banshi).filter((l) => l.requestId === 'log-e2e-import');
        return found.some((l) => l.context === 'HTTP') ? found : undefined;
      },
      5_000,
      'the import request lines',
    );
    const service = lines.find((l) => String(l.message).startsWith('import by sysadmin'));
    expect(service).toMatchObject({ level: 'log', context: 'CatalogueImportService', requestId: 'log-e2e-import' });
    expect(lines.filter((l) => l.context === 'HTTP')).toHaveLength(1);
  });
});

describe('text logs (LOG_FORMAT=text, the default)', () => {
  let banshi: Banshi;
  beforeAll(async () => {
    banshi = await startBanshi({ LOG_LEVEL: 'log' });
  });
  afterAll(() => banshi?.close());

  it('are readable lines with the request id, and the same single access line', async () => {
    await banshi.http().get('/api/v1/themes').set('x-request-id', 'log-e2e-text').expect(200);
    const line = await eventually(
      async () =>
        banshi
          .logs()
          .split('\n')
          .find((l) => l.includes('[req log-e2e-text]')),
      5_000,
      'the access line',
    );
    // no colours when the output is not a terminal (a file, a pipe, journald)
    expect(line).toMatch(/^\[Nest\] \d+ {2}- .* {5}LOG \[HTTP\] \[req log-e2e-text\] GET \/api\/v1\/themes 200 [\d.]+ ms$/);
    expect(() => JSON.parse(line)).toThrow();
  });
});
