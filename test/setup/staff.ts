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

  /** Signs in with a one-time password and replaces it with TEST_PASSWORD. */
  static async firstSignIn(banshi: Banshi, login: string, oneTime: string): Promise<Signed> {
    const first = await signIn(banshi, login, oneTime);
    await as(banshi, first).post('/api/v1/auth/password').send({ currentPassword: oneTime, newPassword: TEST_PASSWORD }).expect(204);
    const me = await as(banshi, first).get('/api/v1/auth/me').expect(200);
    return { id: me.body.id, login, token: first.token };
  }

  /** A new account with a role (and departments, for editors), signed in with TEST_PASSWORD. */
  async create(login: string, role: string | null, departmentCodes: string[] = []): Promise<Signed> {
    const created = await as(this.banshi, this.sysadmin).post('/api/v1/admin/accounts').send({ login, displayName: login }).expect(201);
    const id = created.body.account.id;
    if (role) {
      await as(this.banshi, this.secadmin).put(`/api/v1/admin/accounts/${id}/role`).set('if-match', String(created.body.account.version))
        .send({ role, departmentCodes }).expect(200);
    }
    return Staff.firstSignIn(this.banshi, login, created.body.initialPassword);
  }
}

export async function signIn(banshi: Banshi, login: string, password = TEST_PASSWORD, totp?: string): Promise<Signed> {
  const res: request.Response = await banshi.http().post('/api/v1/auth/sign-in').send({ login, password, ...(totp ? { totp } : {}) });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: '', login, token: res.body.token };
}
