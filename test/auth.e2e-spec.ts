import { TOTP, Secret } from 'otpauth';
import { as, enrolTotp, signIn, Signed, Staff, TEST_PASSWORD } from './setup/staff';
import { Banshi, startBanshi, TEST_AUDIT_KEY } from './setup/test-app';

/** Accounts and sign-in as 等保 level 3 asks: bootstrap, password policy, lockout, revocation, timeouts, TOTP, 三员分立. */
describe('staff accounts and sign-in', () => {
  let banshi: Banshi;
  let staff: Staff;
  const secrets: string[] = [TEST_PASSWORD, TEST_AUDIT_KEY];
  const DEPT = 'AUTH-D';
  const accountRow = async (login: string) =>
    (await as(banshi, staff.sysadmin).get('/api/v1/admin/accounts?limit=100').expect(200)).body.items.find((a: { login: string }) => a.login === login);

  beforeAll(async () => {
    banshi = await startBanshi({ LOG_LEVEL: 'debug' });
  });
  afterAll(() => banshi?.close());

  it('bootstrap creates the three administrators with one-time passwords that must be changed first', async () => {
    const r = banshi.cli('bootstrap');
    expect(r.status).toBe(0);
    const pw = (login: string) => new RegExp(`^\\s+${login}\\s+\\S+\\s+(\\S+)$`, 'm').exec(r.stdout)![1];
    secrets.push(pw('sysadmin'), pw('secadmin'), pw('auditor'));
    const first = await signIn(banshi, 'sysadmin', pw('sysadmin'));
    secrets.push(first.token);
    const blocked = await as(banshi, first).get('/api/v1/admin/accounts').expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const me = await as(banshi, first).get('/api/v1/auth/me').expect(200);
    expect(me.body).toMatchObject({ login: 'sysadmin', role: 'sysadmin', mustChangePassword: true });

    // a second bootstrap is refused; no default password exists anywhere
    const again = banshi.cli('bootstrap');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('已有员工账号');
    await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'sysadmin', password: 'admin' }).expect(401);

    // the policy: ≥ 12 characters, 3 of 4 classes, not the login name, not a recent password
    for (const weak of ['Short1!', 'alllowercaseletters', 'Sysadmin-2026-x']) {
      const res = await as(banshi, first)
        .post('/api/v1/auth/password')
        .send({ currentPassword: pw('sysadmin'), newPassword: weak })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'WEAK_PASSWORD', details: [expect.objectContaining({ field: 'newPassword' })] });
    }
    const same = await as(banshi, first)
      .post('/api/v1/auth/password')
      .send({ currentPassword: pw('sysadmin'), newPassword: pw('sysadmin') })
      .expect(400);
    expect(same.body.code).toBe('PASSWORD_REUSED');
    await as(banshi, first).post('/api/v1/auth/password').send({ currentPassword: 'wrong', newPassword: TEST_PASSWORD }).expect(400);
    await as(banshi, first)
      .post('/api/v1/auth/password')
      .send({ currentPassword: pw('sysadmin'), newPassword: TEST_PASSWORD })
      .expect(204);
    // administrators must enrol a second factor before anything else (on by default)
    expect((await as(banshi, first).get('/api/v1/admin/accounts').expect(403)).body.code).toBe('TOTP_ENROLMENT_REQUIRED');
    expect((await as(banshi, first).get('/api/v1/auth/me').expect(200)).body).toMatchObject({ mustChangePassword: false, totpEnrolmentRequired: true });
    await enrolTotp(banshi, first);
    await as(banshi, first).get('/api/v1/admin/accounts').expect(200);
    await Staff.firstSignIn(banshi, 'secadmin', pw('secadmin'));
    await Staff.firstSignIn(banshi, 'auditor', pw('auditor'));
    staff = await Staff.attach(banshi);
    await as(banshi, staff.sysadmin).post('/api/v1/admin/departments').send({ code: DEPT, name: '认证测试部门' }).expect(201);
  });

  it('answers the same for unknown, disabled and wrong-password accounts, and locks after 5 failures in 15 minutes', async () => {
    await staff.create('victim', null);
    const unknown = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'nobody', password: 'Whatever-2026!' }).expect(401);
    const wrong = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'victim', password: 'Whatever-2026!' }).expect(401);
    expect(unknown.body).toEqual(wrong.body);

    for (const login of ['victim', 'nobody']) {
      for (let i = 0; i < 4; i++)
        await banshi
          .http()
          .post('/api/v1/auth/sign-in')
          .send({ login, password: `Wrong-${i}-2026!` })
          .expect(401);
      const locked = await banshi.http().post('/api/v1/auth/sign-in').send({ login, password: 'Wrong-x-2026!' }).expect(429);
      expect(locked.body.code).toBe('SIGN_IN_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    // locked: even the right password is refused, and the answer is the same as for an unknown login
    const right = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'victim', password: TEST_PASSWORD }).expect(429);
    const ghost = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'nobody', password: TEST_PASSWORD }).expect(429);
    expect(right.body.code).toBe(ghost.body.code);
    // … until the lockout passes (here: the lock is moved back in time)
    await banshi.sql(`UPDATE staff_sign_in_attempts SET locked_until = now() - interval '1 second' WHERE login = 'victim'`);
    // rows no window or lock needs any more are cleared by the next successful sign-in (random logins leave no lasting trace)
    await banshi.sql(`INSERT INTO staff_sign_in_attempts (login, attempts, window_started_at) VALUES ('stale.guess', 3, now() - interval '2 days')`);
    await banshi.sql(`INSERT INTO staff_sign_in_attempts (login, attempts, window_started_at) VALUES ('recent.guess', 3, now() - interval '1 hour')`);
    await signIn(banshi, 'victim'); // throws unless the sign-in succeeds
    const left = await banshi.sql<{ login: string }>(`SELECT login FROM staff_sign_in_attempts WHERE login IN ('stale.guess', 'recent.guess', 'victim')`);
    expect(left.map((r) => r.login)).toEqual(['recent.guess']);
    const failures = await banshi.sql(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.sign-in' AND result <> 'success' AND object_id IN ('victim', 'nobody')`,
    );
    expect(failures[0].n).toBeGreaterThanOrEqual(12);
  });

  it('revokes sessions at once on sign-out, disable, role change and password reset', async () => {
    const u = await staff.create('revoke.me', 'editor', [DEPT]);
    await as(banshi, u).get('/api/v1/admin/matters').expect(200);
    await as(banshi, u).post('/api/v1/auth/sign-out').expect(204);
    expect((await as(banshi, u).get('/api/v1/admin/matters').expect(401)).body.code).toBe('SESSION_INVALID');

    const account = () => accountRow('revoke.me');
    let s = await signIn(banshi, 'revoke.me');
    await as(banshi, staff.secadmin)
      .put(`/api/v1/admin/accounts/${(await account()).id}/role`)
      .set('if-match', String((await account()).version))
      .send({ role: null })
      .expect(200);
    await as(banshi, s).get('/api/v1/admin/matters').expect(401);
    s = await signIn(banshi, 'revoke.me');
    await as(banshi, s).get('/api/v1/admin/matters').expect(403); // no role any more
    await as(banshi, staff.secadmin)
      .put(`/api/v1/admin/accounts/${(await account()).id}/role`)
      .set('if-match', String((await account()).version))
      .send({ role: 'editor', departmentCodes: [DEPT] })
      .expect(200);
    s = await signIn(banshi, 'revoke.me');
    await as(banshi, s).get('/api/v1/admin/matters').expect(200);

    await as(banshi, staff.sysadmin)
      .patch(`/api/v1/admin/accounts/${(await account()).id}`)
      .set('if-match', String((await account()).version))
      .send({ disabled: true })
      .expect(200);
    await as(banshi, s).get('/api/v1/admin/matters').expect(401);
    await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'revoke.me', password: TEST_PASSWORD }).expect(401);
    await as(banshi, staff.sysadmin)
      .patch(`/api/v1/admin/accounts/${(await account()).id}`)
      .set('if-match', String((await account()).version))
      .send({ disabled: false })
      .expect(200);

    s = await signIn(banshi, 'revoke.me');
    const reset = await as(banshi, staff.sysadmin)
      .post(`/api/v1/admin/accounts/${(await account()).id}/reset-password`)
      .set('if-match', String((await account()).version))
      .expect(201);
    secrets.push(reset.body.initialPassword);
    await as(banshi, s).get('/api/v1/admin/matters').expect(401);
    const fresh = await signIn(banshi, 'revoke.me', reset.body.initialPassword);
    expect((await as(banshi, fresh).get('/api/v1/admin/matters').expect(403)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('ends idle and over-age sessions, and forces a password change when the password is older than the policy allows', async () => {
    const u = await staff.create('timeout.me', 'editor', [DEPT]);
    await banshi.sql(
      `UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE account_id = (SELECT id FROM staff_accounts WHERE login = 'timeout.me')`,
    );
    expect((await as(banshi, u).get('/api/v1/admin/matters').expect(401)).body.code).toBe('SESSION_EXPIRED');
    const s = await signIn(banshi, 'timeout.me');
    await banshi.sql(
      `UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND account_id = (SELECT id FROM staff_accounts WHERE login = 'timeout.me')`,
    );
    await as(banshi, s).get('/api/v1/admin/matters').expect(401);

    await banshi.sql(`UPDATE staff_accounts SET password_changed_at = now() - interval '91 days' WHERE login = 'timeout.me'`);
    const old = await signIn(banshi, 'timeout.me');
    expect((await as(banshi, old).get('/api/v1/admin/matters').expect(403)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('TOTP: enrolment, sign-in with a code, and a policy that requires it for all staff', async () => {
    const u = await staff.create('totp.user', 'editor', [DEPT]);
    const setup = await as(banshi, u).post('/api/v1/auth/totp/setup').expect(201);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
    await as(banshi, u)
      .post('/api/v1/auth/totp/enable')
      .send({ code: '000000' === totp.generate() ? '111111' : '000000' })
      .expect(400);
    const enrolStep = totp.counter();
    await as(banshi, u)
      .post('/api/v1/auth/totp/enable')
      .send({ code: totp.generate({ timestamp: enrolStep * 30_000 }) })
      .expect(204);
    // the seed is sealed at rest: a database dump does not reveal it
    const [stored] = await banshi.sql<{ totp_secret: string }>(`SELECT totp_secret FROM staff_accounts WHERE login = 'totp.user'`);
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(setup.body.secret);
    await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'totp.user', password: TEST_PASSWORD, totp: '12345' }).expect(400);
    // the code that enrolled is spent; the next step's code signs in once
    await banshi
      .http()
      .post('/api/v1/auth/sign-in')
      .send({ login: 'totp.user', password: TEST_PASSWORD, totp: totp.generate({ timestamp: enrolStep * 30_000 }) })
      .expect(401);
    await signIn(banshi, 'totp.user', TEST_PASSWORD, totp.generate({ timestamp: (enrolStep + 1) * 30_000 }));

    const other = await staff.create('no.totp', 'editor', [DEPT]);
    const policy = await as(banshi, staff.secadmin).get('/api/v1/admin/security-policy').expect(200);
    expect(policy.body).toMatchObject({ requireTotp: false, requireTotpForPrivileged: true });
    await as(banshi, staff.sysadmin).put('/api/v1/admin/security-policy').set('if-match', String(policy.body.version)).send({ requireTotp: true }).expect(403);
    const updated = await as(banshi, staff.secadmin)
      .put('/api/v1/admin/security-policy')
      .set('if-match', String(policy.body.version))
      .send({ requireTotp: true })
      .expect(200);
    await as(banshi, staff.secadmin).put('/api/v1/admin/security-policy').set('if-match', String(policy.body.version)).send({ requireTotp: false }).expect(409);
    expect((await as(banshi, other).get('/api/v1/admin/matters').expect(403)).body.code).toBe('TOTP_ENROLMENT_REQUIRED');
    await as(banshi, other).post('/api/v1/auth/totp/setup').expect(201); // enrolment itself stays reachable
    await as(banshi, staff.secadmin)
      .put('/api/v1/admin/security-policy')
      .set('if-match', String(updated.body.version))
      .send({ requireTotp: false })
      .expect(200);
    await as(banshi, other).get('/api/v1/admin/matters').expect(200);
  });

  it('TOTP: a missing, wrong or reused code is answered exactly like a wrong password, and counted', async () => {
    const u = await staff.create('totp.same', 'editor', [DEPT]);
    const totp = await enrolTotp(banshi, u);
    const attempt = (body: Record<string, string>) =>
      banshi
        .http()
        .post('/api/v1/auth/sign-in')
        .send({ login: 'totp.same', ...body });
    const attempts = async () =>
      (await banshi.sql<{ attempts: number }>(`SELECT attempts FROM staff_sign_in_attempts WHERE login = 'totp.same'`))[0]?.attempts ?? 0;

    const wrongPassword = await attempt({ password: 'Wrong-Passw0rd-2026!' }).expect(401);
    const missingCode = await attempt({ password: TEST_PASSWORD }).expect(401);
    const wrongCode = await attempt({ password: TEST_PASSWORD, totp: totp.generate({ timestamp: (totp.counter() + 5) * 30_000 }) }).expect(401);
    const unknown = await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'totp.nobody', password: TEST_PASSWORD }).expect(401);
    for (const res of [missingCode, wrongCode, unknown]) {
      expect(res.body).toEqual(wrongPassword.body);
      expect(res.headers['content-length']).toBe(wrongPassword.headers['content-length']);
    }
    expect(wrongPassword.body).toMatchObject({ statusCode: 401, code: 'SIGN_IN_FAILED' });
    expect(await attempts()).toBe(3);

    // a code is good for one sign-in: the same code again (even in parallel) is refused like a wrong one
    const step = totp.counter() + 1;
    const code = totp.generate({ timestamp: step * 30_000 });
    const both = await Promise.all([attempt({ password: TEST_PASSWORD, totp: code }), attempt({ password: TEST_PASSWORD, totp: code })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(both.find((r) => r.status === 401)!.body).toEqual(wrongPassword.body);
    // the success reset the count; the refused replay (if it came after) counted
    expect(await attempts()).toBeLessThanOrEqual(1);
    const replay = await attempt({ password: TEST_PASSWORD, totp: code }).expect(401);
    expect(replay.body).toEqual(wrongPassword.body);
    const reasons = await banshi.sql<{ reason: string }>(
      `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth.sign-in' AND result = 'failure' AND object_id = 'totp.same'`,
    );
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['password', 'totp-missing', 'totp-wrong', 'totp-reused']));
  });

  it('counts failures atomically: ten parallel wrong passwords lock the login after five', async () => {
    await staff.create('race.victim', 'editor', [DEPT]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        banshi
          .http()
          .post('/api/v1/auth/sign-in')
          .send({ login: 'race.victim', password: `Wrong-${i}-Passw0rd!` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    for (const r of results.filter((x) => x.status === 429)) expect(r.body.code).toBe('SIGN_IN_LOCKED');
    // locked: the right password is refused too
    expect((await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'race.victim', password: TEST_PASSWORD }).expect(429)).body.code).toBe(
      'SIGN_IN_LOCKED',
    );
  });

  it('三员分立: no administrator resets or disables a privileged account alone (dual control through approvals)', async () => {
    const rev = await staff.create('dual.reviewer', 'reviewer');
    const target = await accountRow('dual.reviewer');
    const auditorRow = await accountRow('auditor');
    const snapshot = async () =>
      await banshi.sql(`SELECT password_hash, disabled, version FROM staff_accounts WHERE login IN ('dual.reviewer', 'auditor') ORDER BY login`);
    const before = await snapshot();
    for (const t of [target, auditorRow]) {
      const reset = await as(banshi, staff.sysadmin).post(`/api/v1/admin/accounts/${t.id}/reset-password`).set('if-match', String(t.version)).expect(403);
      expect(reset.body.code).toBe('APPROVAL_REQUIRED');
      expect(reset.body.initialPassword).toBeUndefined();
      const disable = await as(banshi, staff.sysadmin)
        .patch(`/api/v1/admin/accounts/${t.id}`)
        .set('if-match', String(t.version))
        .send({ disabled: true })
        .expect(403);
      expect(disable.body.code).toBe('APPROVAL_REQUIRED');
    }
    expect(await snapshot()).toEqual(before);
    await as(banshi, rev).get('/api/v1/admin/matters').expect(200); // session untouched

    // request → approval by a second administrator → execution by the requester, who alone sees the password
    const request = (
      await as(banshi, staff.sysadmin).post('/api/v1/admin/approvals').send({ action: 'reset-password', accountId: target.id, reason: '忘记密码' }).expect(201)
    ).body;
    expect(request).toMatchObject({ status: 'pending', accountId: target.id });
    expect(
      (
        await as(banshi, staff.sysadmin)
          .post('/api/v1/admin/approvals')
          .send({ action: 'reset-password', accountId: target.id, reason: '再来一次' })
          .expect(409)
      ).body.code,
    ).toBe('APPROVAL_EXISTS');
    expect((await as(banshi, staff.sysadmin).post(`/api/v1/admin/approvals/${request.id}/execute`).expect(409)).body.code).toBe('APPROVAL_STATE');
    await as(banshi, staff.sysadmin).post(`/api/v1/admin/approvals/${request.id}/approve`).expect(403); // the requester's role cannot decide
    await as(banshi, rev).post(`/api/v1/admin/approvals/${request.id}/approve`).expect(403);
    const approved = await as(banshi, staff.secadmin).post(`/api/v1/admin/approvals/${request.id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: staff.secadmin.id });
    expect(JSON.stringify(approved.body)).not.toMatch(/initialPassword/);
    const done = await as(banshi, staff.sysadmin).post(`/api/v1/admin/approvals/${request.id}/execute`).expect(201);
    secrets.push(done.body.initialPassword);
    expect(done.body).toMatchObject({ approval: { status: 'executed' }, account: { id: target.id, mustChangePassword: true } });
    await as(banshi, rev).get('/api/v1/admin/matters').expect(401); // sessions ended
    expect((await as(banshi, staff.sysadmin).post(`/api/v1/admin/approvals/${request.id}/execute`).expect(409)).body.code).toBe('APPROVAL_STATE');
    // the reviewer's second factor stays: the new password alone does not open the account
    await banshi.http().post('/api/v1/auth/sign-in').send({ login: 'dual.reviewer', password: done.body.initialPassword }).expect(401);

    // the account concerned cannot approve its own case; a rejected request cannot be executed
    const aboutSecadmin = (
      await as(banshi, staff.sysadmin).post('/api/v1/admin/approvals').send({ action: 'disable', accountId: staff.secadmin.id, reason: '离岗' }).expect(201)
    ).body;
    expect((await as(banshi, staff.secadmin).post(`/api/v1/admin/approvals/${aboutSecadmin.id}/approve`).expect(403)).body.code).toBe('APPROVAL_SELF');
    await as(banshi, staff.auditor).post(`/api/v1/admin/approvals/${aboutSecadmin.id}/reject`).expect(200);
    expect((await as(banshi, staff.sysadmin).post(`/api/v1/admin/approvals/${aboutSecadmin.id}/execute`).expect(409)).body.code).toBe('APPROVAL_STATE');
    expect((await accountRow('secadmin')).disabled).toBe(false);
    // plain accounts need no approval
    const plain = await staff.create('dual.plain', null);
    expect(
      (await as(banshi, staff.sysadmin).post('/api/v1/admin/approvals').send({ action: 'disable', accountId: plain.id, reason: 'x' }).expect(400)).body.code,
    ).toBe('APPROVAL_NOT_NEEDED');
    const page = (await as(banshi, staff.auditor).get('/api/v1/admin/approvals?status=rejected').expect(200)).body;
    expect(page).toMatchObject({ total: 1, page: 1, items: [expect.objectContaining({ id: aboutSecadmin.id, status: 'rejected' })] });
    const trail = await banshi.sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'approval.%' OR (action = 'account.reset-password' AND object_id = $1) ORDER BY id`,
      [target.id],
    );
    expect(trail.map((r) => r.action)).toEqual(
      expect.arrayContaining(['approval.request', 'approval.approve', 'account.reset-password', 'approval.reject', 'approval.denied']),
    );
  });

  it('GET /admin/accounts is a page like every other list', async () => {
    const page = (await as(banshi, staff.secadmin).get('/api/v1/admin/accounts?page=1&limit=2').expect(200)).body;
    expect(page).toMatchObject({ page: 1, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    const second = (await as(banshi, staff.secadmin).get('/api/v1/admin/accounts?page=2&limit=2').expect(200)).body;
    expect(second.items[0].login > page.items[1].login).toBe(true);
    expect((await as(banshi, staff.secadmin).get('/api/v1/admin/accounts?limit=101').expect(400)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'limit' })],
    });
  });

  it('三员分立: each administrator can do only their own job, and nobody changes their own role', async () => {
    const target = await staff.create('plain.user', null);
    const row = await accountRow('plain.user');
    await as(banshi, staff.sysadmin).put(`/api/v1/admin/accounts/${row.id}/role`).set('if-match', String(row.version)).send({ role: 'reviewer' }).expect(403);
    await as(banshi, staff.secadmin).post('/api/v1/admin/accounts').send({ login: 'by.secadmin', displayName: 'x' }).expect(403);
    await as(banshi, staff.auditor).post('/api/v1/admin/accounts').send({ login: 'by.auditor', displayName: 'x' }).expect(403);
    await as(banshi, staff.sysadmin).get('/api/v1/admin/audit').expect(403);
    await as(banshi, staff.secadmin).get('/api/v1/admin/audit').expect(403);
    const me = await accountRow('secadmin');
    // client systems' keys are the security administrator's: the system administrator cannot issue one
    const keyBody = { name: '接入系统', scopes: ['read:drafts'], departmentCodes: [DEPT] };
    await as(banshi, staff.sysadmin).post('/api/v1/admin/api-keys').send(keyBody).expect(403);
    await as(banshi, staff.sysadmin).get('/api/v1/admin/api-keys').expect(403);
    const key = await as(banshi, staff.secadmin).post('/api/v1/admin/api-keys').send(keyBody).expect(201);
    secrets.push(key.body.key);
    await as(banshi, staff.sysadmin).post(`/api/v1/admin/api-keys/${key.body.apiKey.id}/revoke`).expect(403);
    await as(banshi, staff.secadmin).post(`/api/v1/admin/api-keys/${key.body.apiKey.id}/revoke`).expect(200);
    expect(
      (await as(banshi, staff.secadmin).put(`/api/v1/admin/accounts/${me.id}/role`).set('if-match', String(me.version)).send({ role: 'auditor' }).expect(403))
        .body.code,
    ).toBe('CANNOT_CHANGE_OWN_ROLE');
    // editors need departments; other roles take none
    await as(banshi, staff.secadmin).put(`/api/v1/admin/accounts/${row.id}/role`).set('if-match', String(row.version)).send({ role: 'editor' }).expect(400);
    await as(banshi, staff.secadmin)
      .put(`/api/v1/admin/accounts/${row.id}/role`)
      .set('if-match', String(row.version))
      .send({ role: 'reviewer', departmentCodes: ['X'] })
      .expect(400);
    // an account without a role reaches nothing but its own session
    await as(banshi, target).get('/api/v1/admin/matters').expect(403);
    await as(banshi, target).get('/api/v1/auth/me').expect(200);
    const denied = await banshi.sql(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND actor_login IN ('sysadmin', 'secadmin', 'auditor', 'plain.user')`,
    );
    expect(denied[0].n).toBeGreaterThanOrEqual(5);
  });

  it('text hygiene: names and codes with bidirectional control characters are refused field by field, changing nothing', async () => {
    const count = async () => (await banshi.sql<{ n: number }>(`SELECT (SELECT count(*) FROM departments) + (SELECT count(*) FROM staff_accounts) AS n`))[0].n;
    const before = await count();
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/v1/admin/departments', { code: 'BIDI-1', name: '北镇市\u202E局安公' }, 'name'],
      ['/api/v1/admin/departments', { code: 'BIDI\u20662', name: '北镇市测试局' }, 'code'],
      ['/api/v1/admin/accounts', { login: 'bidi.user', displayName: '张\u200F伟' }, 'displayName'],
      ['/api/v1/admin/service-locations', { code: 'BIDI-L', name: '\u2067政务服务中心\u2069', level: '分中心' }, 'name'],
    ];
    for (const [path, body, field] of cases) {
      const res = await as(banshi, staff.sysadmin).post(path).send(body).expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        details: expect.arrayContaining([{ field, message: expect.stringContaining('双向控制字符') }]),
      });
    }
    expect(await count()).toBe(before);
  });

  it('account, role and policy changes are audited with before/after and without secrets', async () => {
    const rows = await banshi.sql<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'account.%' OR action LIKE 'policy.%' ORDER BY id`,
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['account.bootstrap', 'account.create', 'account.assign-role', 'account.update', 'account.reset-password', 'policy.update']),
    );
    const role = rows.find((r) => r.action === 'account.assign-role')!;
    expect(JSON.stringify(role.details)).toMatch(/"role":\{"after":"(reviewer|editor|auditor)","before":null\}/);
    const all = JSON.stringify(await banshi.sql(`SELECT * FROM audit_log`));
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/\$argon2id\$/);
  });

  it('never writes a secret to the logs (test passwords, one-time passwords, tokens, the audit key)', () => {
    const logs = banshi.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const s of secrets) expect(logs).not.toContain(s);
    expect(logs).not.toMatch(/bst_[A-Za-z0-9_-]{20,}/);
  });
});

export type { Signed };
