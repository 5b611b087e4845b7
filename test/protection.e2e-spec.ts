import { as, Staff } from './setup/staff';
import { Banshi, startBanshi } from './setup/test-app';

/** HTTP protection: security headers, CORS allow-list, body cap, rate limits, error bodies, route declarations. */
describe('protection', () => {
  let banshi: Banshi;

  beforeAll(async () => {
    banshi = await startBanshi({
      LOG_LEVEL: 'log',
      PUBLIC_RATE_LIMIT: '40',
      SIGN_IN_RATE_LIMIT: '10',
      SIGN_IN_ACCOUNT_RATE_LIMIT: '4',
      CORS_ORIGINS: 'https://zwfw.example.gov.cn',
    });
  });
  afterAll(() => banshi?.close());

  it('sends security headers on every response, errors included, and no X-Powered-By', async () => {
    for (const path of ['/api/v1/code-lists', '/api/v1/matters/NOPE', '/api/v1/admin/accounts', '/health/live', '/no/such/route']) {
      const res = await banshi.http().get(path);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });

  it('allows cross-origin requests only from configured origins', async () => {
    const ok = await banshi.http().get('/api/v1/code-lists').set('origin', 'https://zwfw.example.gov.cn').expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://zwfw.example.gov.cn');
    const other = await banshi.http().get('/api/v1/code-lists').set('origin', 'https://evil.example.com').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('caps request bodies and never leaks stacks, SQL or hosts in errors', async () => {
    const big = await banshi
      .http()
      .post('/api/v1/auth/sign-in')
      .set('content-type', 'application/json')
      .send(`{"login":"${'x'.repeat(1_200_000)}"}`);
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await banshi.http().post('/api/v1/auth/sign-in').set('content-type', 'application/json').send('{"login":');
    expect(bad.status).toBe(400);
    for (const body of [big.body, bad.body]) expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|SELECT|127\.0\.0\.1|postgres|node_modules/);
  });

  it('every route declares its audience: without credentials, staff and key routes answer 401 and public routes answer', async () => {
    const routes = [...banshi.logs().matchAll(/Mapped \{([^,]+), (\w+)\} route/g)].map((m) => ({ path: m[1], method: m[2].toLowerCase() }));
    expect(routes.length).toBeGreaterThan(60);
    const staffOnly = (p: string) =>
      p.startsWith('/api/v1/admin') || p.startsWith('/api/v1/integration') || (p.startsWith('/api/v1/auth/') && p !== '/api/v1/auth/sign-in');
    for (const r of routes) {
      const path = r.path.replace(':id', '00000000-0000-4000-8000-000000000000').replace(/:(\w+)/g, 'X');
      const res = await (banshi.http() as unknown as Record<string, (p: string) => Promise<{ status: number; body: { code?: string } }>>)[r.method](path);
      if (staffOnly(r.path))
        expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body.code }).toEqual({
          route: `${r.method} ${r.path}`,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
      // A console form posted without its CSRF token (no browser session here) is refused as a forgery, not for access.
      else if (r.method === 'post' && r.path.startsWith('/admin'))
        expect({ route: r.path, status: res.status, csrf: /CSRF/.test((res as unknown as { text: string }).text) }).toEqual({
          route: r.path,
          status: 403,
          csrf: true,
        });
      else expect({ route: `${r.method} ${r.path}`, denied: [401, 403].includes(res.status) }).toEqual({ route: `${r.method} ${r.path}`, denied: false });
    }
  });

  it('limits sign-in per IP and per login name (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'same.login', password: 'Wrong-Passw0rd!' })).status);
    expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
    expect(statuses[4]).toBe(429);
    // other login names still get through until the per-IP limit (SIGN_IN_RATE_LIMIT=10 per 15 minutes) is reached
    const more: number[] = [];
    for (let i = 0; i < 10 && !more.includes(429); i++) {
      const res = await banshi
        .http()
        .post('/api/v1/auth/sign-in')
        .send({ login: `other.${i}`, password: 'Wrong-Passw0rd!' });
      more.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      }
    }
    expect(more[0]).toBe(401);
    expect(more[more.length - 1]).toBe(429);
  });

  it('limits public reads per client IP (429 with Retry-After and RateLimit headers)', async () => {
    let res;
    for (let i = 0; i < 60; i++) {
      res = await banshi.http().get('/api/v1/code-lists');
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    expect(res!.headers.ratelimit).toBeTruthy();
    expect(res!.body.message).toMatch(/请求过于频繁/);
  });
});

export { as, Staff };
