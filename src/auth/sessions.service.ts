import { ClusterEventsService } from '../cluster/cluster-events.service';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { TOTP, Secret } from 'otpauth';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SecurityPolicy, StaffAccount, StaffSession, StaffSignInFailure } from './account.entity';
import type { Actor, Origin } from './actor';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { SecretBox } from './secret-box';

/** The SecretBox that seals TOTP seeds at rest (key derived from AUDIT_KEY). */
export const TOTP_SEEDS = Symbol('TOTP_SEEDS');

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The TOTP generator of a base32 seed. */
export function totpFor(secret: string, login: string): TOTP {
  return new TOTP({ issuer: 'Banshi 办事', label: login, secret: Secret.fromBase32(secret), digits: 6, period: 30 });
}

export interface SignInResult {
  token: string;
  expiresAt: Date;
  idleTimeoutMinutes: number;
  mustChangePassword: boolean;
  totpEnrolmentRequired: boolean;
}

const SIGN_IN_FAILED = () => new AppError(401, 'SIGN_IN_FAILED', '用户名或密码错误');

/**
 * Sign-in, sessions and lockout. Tokens are 256-bit random strings; only their SHA-256 is stored. Failed
 * attempts are counted per login name whether or not the account exists, and every answer is the same for an
 * unknown, disabled or wrong-password account, so sign-in reveals nothing about which accounts exist.
 */
@Injectable()
export class SessionsService {
  private policyCache?: { policy: SecurityPolicy; at: number };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(TOTP_SEEDS) private readonly totpSeeds: SecretBox,
    events: ClusterEventsService,
  ) {
    // A policy changed through any instance applies everywhere within milliseconds.
    events.on('security-policy', () => this.forgetPolicy());
  }

  /** The policy, cached for 2 s (every request needs its timeouts; changes are announced, see ClusterEventsService). */
  async policy(): Promise<SecurityPolicy> {
    if (this.policyCache && Date.now() - this.policyCache.at < 2000) return this.policyCache.policy;
    const policy = await this.dataSource.getRepository(SecurityPolicy).findOneByOrFail({ id: 1 });
    this.policyCache = { policy, at: Date.now() };
    return policy;
  }

  forgetPolicy(): void {
    this.policyCache = undefined;
  }

  async signIn(loginInput: string, password: string, totpCode: string | undefined, origin: Origin): Promise<SignInResult> {
    const login = loginInput.trim().toLowerCase();
    const policy = await this.policy();
    const actor = { login, ip: origin.ip, requestId: origin.requestId };
    const lockedFor = await this.lockedSeconds(login, policy);
    if (lockedFor > 0) {
      await this.audit.recordAlone({ actor, action: 'auth.sign-in', objectType: 'account', objectId: login, result: 'denied', details: { reason: 'locked' } });
      throw new AppError(429, 'SIGN_IN_LOCKED', `登录失败次数过多，请 ${Math.ceil(lockedFor / 60)} 分钟后再试`, { retryAfterSeconds: lockedFor });
    }
    const account = await this.dataSource.getRepository(StaffAccount).findOneBy({ login });
    const passwordOk = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, password);
    if (!account || account.disabled || !passwordOk) {
      await this.fail(login, origin, account ? (account.disabled ? 'disabled' : 'password') : 'unknown');
      throw SIGN_IN_FAILED();
    }
    if (account.totpEnabled) {
      if (!totpCode) throw new AppError(401, 'TOTP_REQUIRED', '请输入动态口令（TOTP）', [{ field: 'totp', message: '请输入动态口令' }]);
      if (totpFor(this.totpSeeds.open(account.totpSecret!), login).validate({ token: totpCode, window: 1 }) === null) {
        await this.fail(login, origin, 'totp');
        throw new AppError(401, 'SIGN_IN_FAILED', '动态口令错误');
      }
    }
    const token = `bst_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + policy.sessionMaxMinutes * 60_000);
    await this.dataSource.transaction(async (m) => {
      await m.delete(StaffSignInFailure, { login });
      const session = await m.save(StaffSession, { tokenHash: tokenHash(token), accountId: account.id, expiresAt, ip: origin.ip });
      await this.audit.record(m, {
        actor: { ...actor, accountId: account.id, role: account.role }, action: 'auth.sign-in', objectType: 'account', objectId: account.id,
        details: { sessionId: session.id },
      });
    });
    return {
      token, expiresAt, idleTimeoutMinutes: policy.idleTimeoutMinutes,
      mustChangePassword: this.passwordChangeDue(account, policy),
      totpEnrolmentRequired: policy.requireTotp && !account.totpEnabled,
    };
  }

  private async fail(login: string, origin: Origin, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.insert(StaffSignInFailure, { login, ip: origin.ip });
      await this.audit.record(m, {
        actor: { login, ip: origin.ip, requestId: origin.requestId }, action: 'auth.sign-in', objectType: 'account', objectId: login,
        result: 'failure', details: { reason },
      });
    });
  }

  /** Seconds until a locked login may try again (0 = not locked). */
  private async lockedSeconds(login: string, policy: SecurityPolicy): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n, max(at) AS last FROM staff_sign_in_failures
        WHERE login = $1 AND at > now() - make_interval(mins => $2)`,
      [login, policy.lockoutWindowMinutes],
    );
    if (row.n < policy.lockoutThreshold) return 0;
    const until = new Date(row.last).getTime() + policy.lockoutMinutes * 60_000;
    return Math.max(0, Math.ceil((until - Date.now()) / 1000));
  }

  passwordChangeDue(account: StaffAccount, policy: SecurityPolicy): boolean {
    if (account.mustChangePassword) return true;
    if (policy.passwordMaxAgeDays <= 0) return false;
    return Date.now() - account.passwordChangedAt.getTime() > policy.passwordMaxAgeDays * 86_400_000;
  }

  /** The actor behind a bearer token; 401 for unknown, revoked, expired or idle sessions and disabled accounts. */
  async authenticate(token: string, origin: Origin): Promise<Actor> {
    const policy = await this.policy();
    const session = await this.dataSource.getRepository(StaffSession).findOne({
      where: { tokenHash: tokenHash(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { account: true },
    });
    if (!session || !session.account || session.account.disabled) throw new AppError(401, 'SESSION_INVALID', '会话无效或已结束，请重新登录');
    const idleMs = Date.now() - session.lastSeenAt.getTime();
    if (idleMs > policy.idleTimeoutMinutes * 60_000) {
      await this.dataSource.getRepository(StaffSession).update({ id: session.id }, { revokedAt: new Date() });
      throw new AppError(401, 'SESSION_EXPIRED', '长时间未操作，会话已结束，请重新登录');
    }
    // Activity is written at most every 15 s: enough for the idle timeout, without a write per request.
    if (idleMs > 15_000) await this.dataSource.getRepository(StaffSession).update({ id: session.id }, { lastSeenAt: new Date() });
    const a = session.account;
    return {
      accountId: a.id, sessionId: session.id, login: a.login, role: a.role, departmentCodes: a.departmentCodes,
      mustChangePassword: this.passwordChangeDue(a, policy),
      totpEnrolmentRequired: policy.requireTotp && !a.totpEnabled,
      ip: origin.ip, requestId: origin.requestId,
    };
  }

  async signOut(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.update(StaffSession, { id: actor.sessionId }, { revokedAt: new Date() });
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'auth.sign-out', objectType: 'account', objectId: actor.accountId });
    });
  }

  /** Ends every session of an account (disable, role change, password reset), optionally but one. */
  async revokeAll(m: EntityManager, accountId: string, except?: string): Promise<void> {
    await m.createQueryBuilder().update(StaffSession).set({ revokedAt: () => 'now()' })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .andWhere(except ? 'id <> :except' : 'TRUE', { except }).execute();
  }
}

export const toAuditActor = (a: Actor) => ({
  accountId: a.accountId, login: a.login, role: a.via ?? a.role, ip: a.ip, requestId: a.requestId,
});
