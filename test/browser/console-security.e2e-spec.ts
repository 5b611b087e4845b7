import request from 'supertest';
import { CONTENT_PERMISSIONS, scopeOf } from '../../src/auth/permission-matrix';
import type { Role } from '../../src/auth/roles';
import { as, nextTotpCode, signIn, Signed, Staff, TEST_PASSWORD } from '../setup/staff';
import { Banshi, startBanshi } from '../setup/test-app';
import { matterBody } from '../setup/catalogue-fixtures';

/**
 * The console's session and CSRF rules over plain HTTP: cookie flags (Secure behind an HTTPS proxy), session
 * fixation, CSRF on every state-changing form (403 and nothing changed), the cookie never working on the JSON API,
 * sign-out, lockout message, the CSP; and a sample of permission-matrix cells driving what each role's pages offer.
 */
describe('console: sessions, CSRF and the permission matrix', () => {
  let banshi: Banshi;
  let staff: Staff;
  const people: Partial<Record<Role, Signed>> = {};

  beforeAll(async () => {
    banshi = await startBanshi({ TRUSTED_PROXIES: '127.0.0.1' });
    staff = await Staff.bootstrap(banshi);
    for (const code of ['SEC-A', 'SEC-B'])
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/departments')
        .send({ code, name: `部门${code}` })
        .expect(201);
    people.editor = await staff.create('ed.a', 'editor', ['SEC-A']);
    people.reviewer = await staff.create('rev', 'reviewer');
    people.sysadmin = staff.sysadmin;
    people.secadmin = staff.secadmin;
    people.auditor = staff.auditor;
    // One submitted matter in SEC-A and one in SEC-B (another department) for the matrix sample.
    for (const dept of ['SEC-A', 'SEC-B']) {
      const ed = dept === 'SEC-A' ? people.editor : await staff.create('ed.b', 'editor', ['SEC-B']);
      const d = await as(banshi, ed)
        .post('/api/v1/admin/matters')
        .send(matterBody(`${dept}-1`, dept))
        .expect(201);
      await as(banshi, ed).post(`/api/v1/admin/matters/${dept}-1/submit`).set('if-match', String(d.body.version)).expect(200);
    }
  });
  afterAll(() => banshi?.close());

  /** Signs in through the console form; returns the session cookie value and the CSRF token of its pages. */
  async function consoleSignIn(login: string, password = TEST_PASSWORD, extra: Record<string, string> = {}) {
    const page = await banshi.http().get('/admin/sign-in').expect(200);
    const presign = /banshi_presign=([^;]+)/.exec(String(page.headers['set-cookie']))![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await banshi
      .http()
      .post('/admin/sign-in')
      .set('Cookie', [`banshi_presign=${presign}`, ...(extra.cookie ? [extra.cookie] : [])])
      .set(extra.proto ? { 'x-forwarded-proto': extra.proto } : {})
      .type('form')
      .send({ _csrf: csrf, login, password, ...(password === TEST_PASSWORD ? { totp: (await nextTotpCode(banshi, login)) ?? '' } : {}) });
    return { res, presign, csrf };
  }
  const sessionOf = (res: request.Response) => /banshi_session=([^;]+)/.exec(([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n'))?.[1];
  async function pageToken(token: string, path = '/admin/work') {
    const res = await banshi.http().get(path).set('cookie', `banshi_session=${token}`).expect(200);
    return /name="_csrf" value="([^"]+)"/.exec(res.text)![1];
  }

  it('the session cookie is HttpOnly, SameSite=Lax, Path=/admin, and Secure behind HTTPS', async () => {
    const { res } = await consoleSignIn('ed.a');
    expect(res.status).toBe(303);
    const set = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('banshi_session='))!;
    expect(set).toMatch(/; Path=\/admin; HttpOnly; SameSite=Lax/);
    expect(set).not.toMatch(/Secure/);
    const https = await consoleSignIn('ed.a', TEST_PASSWORD, { proto: 'https' });
    expect(([] as string[]).concat(https.res.headers['set-cookie']).find((c) => c.startsWith('banshi_session='))).toMatch(/; Secure/);
  });

  it('sign-in needs the form token: without or with a wrong one → 403 and no session', async () => {
    const page = await banshi.http().get('/admin/sign-in').expect(200);
    const presign = /banshi_presign=([^;]+)/.exec(String(page.headers['set-cookie']))![1];
    const none = await banshi
      .http()
      .post('/admin/sign-in')
      .set('cookie', `banshi_presign=${presign}`)
      .type('form')
      .send({ login: 'ed.a', password: TEST_PASSWORD })
      .expect(403);
    expect(sessionOf(none)).toBeUndefined();
    const wrong = await banshi
      .http()
      .post('/admin/sign-in')
      .set('cookie', `banshi_presign=${presign}`)
      .type('form')
      .send({ _csrf: 'x'.repeat(32), login: 'ed.a', password: TEST_PASSWORD })
      .expect(403);
    expect(sessionOf(wrong)).toBeUndefined();
    const audit = await as(banshi, staff.auditor).get('/api/v1/admin/audit').query({ objectId: 'ed.a', result: 'failure', limit: 5 }).expect(200);
    expect(audit.body.items).toHaveLength(0); // refused before any sign-in attempt was made
  });

  it('session fixation: a session planted in the browser is replaced and ended at sign-in', async () => {
    const planted = await signIn(banshi, 'ed.a'); // the attacker's own session
    const { res } = await consoleSignIn('ed.a', TEST_PASSWORD, { cookie: `banshi_session=${planted.token}` });
    const fresh = sessionOf(res)!;
    expect(fresh).toMatch(/^bst_/);
    expect(fresh).not.toBe(planted.token);
    await as(banshi, planted).get('/api/v1/auth/me').expect(401);
    await as(banshi, fresh).get('/api/v1/auth/me').expect(200);
  });

  it("every state-changing form needs its session's token: without or wrong → 403 and nothing changes", async () => {
    const token = sessionOf((await consoleSignIn('ed.a')).res)!;
    const other = sessionOf((await consoleSignIn('ed.a')).res)!;
    const body = { code: 'SEC-A-9', name: '不该出现的事项', departmentCode: 'SEC-A', matterType: '01', _action: 'save' };
    const post = (csrf?: string) =>
      banshi
        .http()
        .post('/admin/matters/new')
        .set('cookie', `banshi_session=${token}`)
        .type('form')
        .send({ ...body, ...(csrf ? { _csrf: csrf } : {}) });
    const refused = await post().expect(403);
    expect(refused.text).toContain('CSRF');
    await post(await pageToken(other)).expect(403); // another session's token is no good either
    await as(banshi, token).get('/api/v1/admin/matters/SEC-A-9').expect(404);
    await post(await pageToken(token)).expect(303);
    await as(banshi, token).get('/api/v1/admin/matters/SEC-A-9').expect(200);
    // Sign-out is a POST too.
    await banshi.http().post('/admin/sign-out').set('cookie', `banshi_session=${token}`).type('form').send({}).expect(403);
    await as(banshi, token).get('/api/v1/auth/me').expect(200);
  });

  it('the cookie works for /admin pages only: the JSON API ignores it, and pages ignore bearer headers', async () => {
    const token = sessionOf((await consoleSignIn('ed.a')).res)!;
    await banshi.http().get('/api/v1/auth/me').set('cookie', `banshi_session=${token}`).expect(401);
    const page = await banshi.http().get('/admin').set('authorization', `Bearer ${token}`).expect(303);
    expect(page.headers.location).toBe('/admin/sign-in?next=%2Fadmin');
  });

  it('sign-out ends the session and clears the cookie', async () => {
    const token = sessionOf((await consoleSignIn('ed.a')).res)!;
    const out = await banshi
      .http()
      .post('/admin/sign-out')
      .set('cookie', `banshi_session=${token}`)
      .type('form')
      .send({ _csrf: await pageToken(token) })
      .expect(303);
    expect(String(out.headers['set-cookie'])).toMatch(/banshi_session=; Path=\/admin; HttpOnly; SameSite=Lax; Max-Age=0/);
    await as(banshi, token).get('/api/v1/auth/me').expect(401);
    const again = await banshi.http().get('/admin').set('cookie', `banshi_session=${token}`).expect(303);
    expect(again.headers.location).toMatch(/^\/admin\/sign-in/);
  });

  it('lockout is explained on the page (429 with Retry-After), like the API', async () => {
    await staff.create('locked.out', 'editor', ['SEC-A']);
    for (let i = 0; i < 5; i++) expect((await consoleSignIn('locked.out', 'wrong-password')).res.status).toBe(401);
    const { res } = await consoleSignIn('locked.out', TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.text).toContain('登录失败次数过多');
  });

  it('pages carry a CSP without script, no-store, and bad input gets a 4xx page, never a 500', async () => {
    const token = sessionOf((await consoleSignIn('ed.a')).res)!;
    const res = await banshi.http().get('/admin/work').set('cookie', `banshi_session=${token}`).expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    const csrf = await pageToken(token);
    for (const [path, body] of [
      ['/admin/matters/new', { materials: { 99999: { name: 'x' } }, code: ['a', 'b'], name: { x: 1 } }],
      ['/admin/matters/new', { 'materials[0][__proto__][x]': '1' }],
      ['/admin/matters/SEC-A-1', { version: 'abc' }],
      ['/admin/matters/bad code!', { version: '1' }],
      ['/admin/matters/SEC-A-1/return', { version: '1', reason: '' }],
    ] as const) {
      const r = await banshi
        .http()
        .post(encodeURI(path))
        .set('cookie', `banshi_session=${token}`)
        .type('form')
        .send({ _csrf: csrf, ...body });
      expect([path, r.status < 500 && r.status >= 300]).toEqual([path, true]);
      if (r.status >= 400) expect(r.headers['content-type']).toMatch(/text\/html/);
    }
  });

  // A sample of the matrix's cells, each driving a page: the page offers an action exactly when the matrix allows it.
  const SAMPLE: { action: 'create' | 'update' | 'publish' | 'return' | 'read'; probe: (token: string, code: string) => Promise<boolean> }[] = [
    { action: 'create', probe: async (t) => (await banshi.http().get('/admin/matters/new').set('cookie', `banshi_session=${t}`)).status === 200 },
    {
      action: 'read',
      probe: async (t, code) => (await banshi.http().get(`/admin/matters/${code}/history`).set('cookie', `banshi_session=${t}`)).status === 200,
    },
    {
      action: 'publish',
      probe: async (t, code) => (await banshi.http().get(`/admin/matters/${code}/review`).set('cookie', `banshi_session=${t}`)).text.includes('审核通过并发布'),
    },
    {
      action: 'return',
      probe: async (t, code) => (await banshi.http().get(`/admin/matters/${code}/review`).set('cookie', `banshi_session=${t}`)).text.includes('退回修改'),
    },
  ];
  const ROLES = Object.keys(CONTENT_PERMISSIONS) as Role[];
  it.each(ROLES)('%s: the pages offer what the permission matrix allows, own and other department', async (role) => {
    const token = sessionOf((await consoleSignIn(people[role]!.login)).res)!;
    for (const { action, probe } of SAMPLE) {
      for (const [code, own] of [
        ['SEC-A-1', true],
        ['SEC-B-1', false],
      ] as const) {
        const scope = scopeOf(role, action === 'read' ? 'history' : action);
        const expected = scope === 'any' || (scope === 'own' && (own || action === 'create'));
        expect({ role, action, code, offered: await probe(token, code) }).toEqual({ role, action, code, offered: expected });
      }
    }
  });
});
