import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import type { Banshi } from './test-app';

/** Passwords tests set for staff accounts (test/secrets-in-logs checks none of them reaches the logs). */
export const TEST_PASSWORD = 'Test-Passw0rd-2026!';

export interface Signed {
  id: string;
  login: string;
  token: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A supertest request with a staff member's bearer token. */
export function as(banshi: Banshi, who: Signed | string) {
  const token = typeof who === 'string' ? who : who.token;
  const call = (method: Method) => (path: string) => banshi.http()[method](path).set('authorization', `Bearer ${token}`);
  return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
}

/**
 * Staff for a test instance, made the way the README tells an administrator to: `npm run bootstrap` prints the
 * three administrators' one-time passwords; each signs in and changes it; the system administrator creates
 * accounts and the security administrator gives them roles.
 */
export class Staff {
  private constructor(
    private readonly banshi: Banshi,
    readonly sysadmin: Signed,
    readonly secadmin: Signed,
    readonly auditor: Signed,
  ) {}

  static async bootstrap(banshi: Banshi): Promise<Staff> {
    const r = banshi.cli('bootstrap');
    if (r.status !== 0) throw new Error(`bootstrap failed: ${r.stderr}`);
    const password = (login: string) => new RegExp(`^\\s+${login}\\s+\\S+\\s+(\\S+)$`, 'm').exec(r.stdout)![1];
    const first = async (login: string) => Staff.firstSignIn(banshi, login, password(login));
    return new Staff(banshi, await first('sysadmin'), await first('secadmin'), await first('auditor'));
  }

  /** The three administrators of an instance bootstrapped earlier, signed in with TEST_PASSWORD. */
  static async attach(banshi: Banshi): Promise<Staff> {
    const get = async (login: string) => {
      const s = await signIn(banshi, login);
      const me = await as(banshi, s).get('/api/v1/auth/me').expect(200);
      return { ...s, id: me.body.id };
    };
    return new Staff(banshi, await get('sysadmin'), await get('secadmin'), await get('auditor'));
  }

  /**
   * Signs in with a one-time password and replaces it with TEST_PASSWORD; enrols a second factor when the policy
   * asks (administrators and reviewers by default), as a new staff member does with an authenticator app.
   */
  static async firstSignIn(banshi: Banshi, login: string, oneTime: string): Promise<Signed> {
    const first = await signIn(banshi, login, oneTime);
    await as(banshi, first).post('/api/v1/auth/password').send({ currentPassword: oneTime, newPassword: TEST_PASSWORD }).expect(204);
    let me = await as(banshi, first).get('/api/v1/auth/me').expect(200);
    if (me.body.totpEnrolmentRequired) {
      await enrolTotp(banshi, first);
      me = await as(banshi, first).get('/api/v1/auth/me').expect(200);
    }
    return { id: me.body.id, login, token: first.token };
  }

  /** A new account with a role (and departments, for editors), signed in with TEST_PASSWORD. */
  async create(login: string, role: string | null, departmentCodes: string[] = []): Promise<Signed> {
    const created = await as(this.banshi, this.sysadmin).post('/api/v1/admin/accounts').send({ login, displayName: login }).expect(201);
    const id = created.body.account.id;
    if (role) {
      await as(this.banshi, this.secadmin)
        .put(`/api/v1/admin/accounts/${id}/role`)
        .set('if-match', String(created.body.account.version))
        .send({ role, departmentCodes })
        .expect(200);
    }
    return Staff.firstSignIn(this.banshi, login, created.body.initialPassword);
  }
}

/** TOTP seeds of the accounts the helpers enrolled, per database (instances may share one), with the last time step a code was sent for. */
const seeds = new Map<string, Map<string, { totp: TOTP; lastStep: number }>>();

/** Enrols a second factor for a signed-in account (setup + enable) and remembers its seed for later sign-ins. */
export async function enrolTotp(banshi: Banshi, who: Signed): Promise<TOTP> {
  const setup = await as(banshi, who).post('/api/v1/auth/totp/setup').expect(201);
  const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 });
  const step = totp.counter();
  await as(banshi, who)
    .post('/api/v1/auth/totp/enable')
    .send({ code: totp.generate({ timestamp: step * 30_000 }) })
    .expect(204);
  if (!seeds.has(banshi.databaseUrl)) seeds.set(banshi.databaseUrl, new Map());
  seeds.get(banshi.databaseUrl)!.set(who.login, { totp, lastStep: step });
  return totp;
}

/**
 * A code for an enrolled account's next unused time step. The service accepts each step once and ±1 step of drift,
 * so the helper uses the current or the next step and waits for the clock when both are spent.
 */
export async function nextTotpCode(banshi: Banshi, login: string): Promise<string | undefined> {
  const seed = seeds.get(banshi.databaseUrl)?.get(login);
  if (!seed) return undefined;
  for (;;) {
    const now = seed.totp.counter();
    const step = Math.max(now, seed.lastStep + 1);
    if (step <= now + 1) {
      seed.lastStep = step;
      return seed.totp.generate({ timestamp: step * 30_000 });
    }
    await new Promise((r) => setTimeout(r, seed.totp.remaining() + 50));
  }
}

export async function signIn(banshi: Banshi, login: string, password = TEST_PASSWORD, totp?: string): Promise<Signed> {
  const code = totp ?? (await nextTotpCode(banshi, login));
  const res: request.Response = await banshi
    .http()
    .post('/api/v1/auth/sign-in')
    .send({ login, password, ...(code ? { totp: code } : {}) });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: '', login, token: res.body.token };
}
