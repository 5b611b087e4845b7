import { ClusterEventsService } from '../cluster/cluster-events.service';
import { SignInResult } from './auth.dto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { TOTP, Secret } from 'otpauth';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SecurityPolicy, StaffAccount, StaffSession } from './account.entity';
import type { Actor, Origin } from './actor';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { PRIVILEGED_ROLES } from './roles';
import { SecretBox } from './secret-box';

/** The SecretBox that seals TOTP seeds at rest (key derived from AUDIT_KEY). */
export const TOTP_SEEDS = Symbol('TOTP_SEEDS');

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The TOTP generator of a base32 seed. */
export function totpFor(secret: string, login: string): TOTP {
  return new TOTP({ issuer: 'Banshi 办事', label: login, secret: Secret.fromBase32(secret), digits: 6, period: 30 });
}

/**
 * The time step a TOTP code is valid for (±1 step of clock drift), or null when the code is wrong. A code is accepted
 * only for a step later than the account's last accepted one (see SessionsService.claimTotpStep).
 */
export function totpStepOf(totp: TOTP, code: string, now = Date.now()): number | null {
  const delta = totp.validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** Must this account have a second factor under the policy? */
export function totpRequired(policy: SecurityPolicy, account: Pick<StaffAccount, 'role'>): boolean {
  return policy.requireTotp || (policy.requireTotpForPrivileged && !!account.role && PRIVILEGED_ROLES.includes(account.role));
}

export { SignInResult };

/** The one answer to every failed sign-in: unknown login, disabled account, wrong password, missing or wrong or reused code. */
const SIGN_IN_FAILED = () => new AppError(401, 'SIGN_IN_FAILED', '登录名、密码或动态口令错误');

/**
 * Sign-in, sessions and lockout. Tokens are 256-bit random strings; only their SHA-256 is stored. Attempts are
 * counted per login name whether or not the account exists — atomically and before the password is checked — and
 * every failure gets the same answer (SIGN_IN_FAILED): unknown, disabled, wrong password, and for an account with a
 * second factor a missing, wrong or already used code. So sign-in reveals neither which accounts exist nor whether a
 * password was right; a client that knows its account has a second factor sends the code with the password.
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
    const lockedFor = await this.countAttempt(login, origin, policy);
    if (lockedFor > 0) {
      await this.audit.recordAlone({ actor, action: 'auth.sign-in', objectType: 'account', objectId: login, result: 'denied', details: { reason: 'locked' } });
      throw new AppError(429, 'SIGN_IN_LOCKED', `登录失败次数过多，请 ${Math.ceil(lockedFor / 60)} 分钟后再试`, { retryAfterSeconds: lockedFor });
    }
    const account = await this.dataSource.getRepository(StaffAccount).findOneBy({ login });
    const passwordOk = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, password);
    const reason = !account ? 'unknown' : account.disabled ? 'disabled' : !passwordOk ? 'password' : await this.secondFactorProblem(account, totpCode);
    if (reason || !account) {
      await this.fail(login, origin, reason ?? 'unknown');
      throw SIGN_IN_FAILED();
    }
    const token = `bst_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + policy.sessionMaxMinutes * 60_000);
    await this.dataSource.transaction(async (m) => {
      // this login starts afresh; rows no window or lock needs any more go too (guesses at random logins leave rows behind)
      await m.query(
        `DELETE FROM staff_sign_in_attempts
          WHERE login = $1 OR coalesce(locked_until, window_started_at + make_interval(mins => $2::int)) < now() - interval '1 day'`,
        [login, policy.lockoutWindowMinutes],
      );
      const session = await m.save(StaffSession, { tokenHash: tokenHash(token), accountId: account.id, expiresAt, ip: origin.ip });
      await this.audit.record(m, {
        actor: { ...actor, accountId: account.id, role: account.role },
        action: 'auth.sign-in',
        objectType: 'account',
        objectId: account.id,
        details: { sessionId: session.id },
      });
    });
    return {
      token,
      expiresAt,
      idleTimeoutMinutes: policy.idleTimeoutMinutes,
      mustChangePassword: this.passwordChangeDue(account, policy),
      totpEnrolmentRequired: totpRequired(policy, account) && !account.totpEnabled,
    };
  }

  /** Why the second factor fails (null = fine or none enrolled): missing, wrong, or a code already used. */
  private async secondFactorProblem(account: StaffAccount, code: string | undefined): Promise<string | null> {
    if (!account.totpEnabled) return null;
    if (!code) return 'totp-missing';
    const step = totpStepOf(totpFor(this.totpSeeds.open(account.totpSecret!), account.login), code);
    if (step === null) return 'totp-wrong';
    return (await this.claimTotpStep(this.dataSource.manager, account.id, step)) ? null : 'totp-reused';
  }

  /**
   * Records `step` as the account's last accepted TOTP step unless that step (or a later one) was used already.
   * One conditional UPDATE: of two requests with the same code, exactly one wins.
   */
  async claimTotpStep(m: EntityManager, accountId: string, step: number): Promise<boolean> {
    const [rows] = await m.query(
      `UPDATE staff_accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [accountId, step],
    );
    return rows.length === 1;
  }

  /** A failure is already counted (countAttempt); it is audited here. */
  private async fail(login: string, origin: Origin, reason: string): Promise<void> {
    await this.audit.recordAlone({
      actor: { login, ip: origin.ip, requestId: origin.requestId },
      action: 'auth.sign-in',
      objectType: 'account',
      objectId: login,
      result: 'failure',
      details: { reason },
    });
  }

  /**
   * Counts this attempt for `login` and returns the seconds it stays locked (0 = go on and check the password).
   * Every attempt counts when it starts — one INSERT … ON CONFLICT DO UPDATE … RETURNING, which Postgres serialises
   * on the login's row — and a successful sign-in deletes the row; so N parallel wrong passwords see 1…N and all
   * beyond the threshold are refused. A window that has passed, or a lock that has ended, starts the count again.
   */
  private async countAttempt(login: string, origin: Origin, policy: SecurityPolicy): Promise<number> {
    const fresh = `(a.locked_until IS NOT NULL AND a.locked_until <= now())
                   OR (a.locked_until IS NULL AND a.window_started_at <= now() - make_interval(mins => $4::int))`;
    const [row] = await this.dataSource.query(
      `INSERT INTO staff_sign_in_attempts AS a (login, attempts, window_started_at, locked_until, last_ip)
       VALUES ($1, 1, now(), NULL, $2)
       ON CONFLICT (login) DO UPDATE SET
         attempts = CASE WHEN ${fresh} THEN 1 ELSE a.attempts + 1 END,
         window_started_at = CASE WHEN ${fresh} THEN now() ELSE a.window_started_at END,
         locked_until = CASE WHEN ${fresh} THEN NULL
                             WHEN a.locked_until IS NOT NULL THEN a.locked_until
                             WHEN a.attempts + 1 > $3::int THEN now() + make_interval(mins => $5::int)
                             ELSE NULL END,
         last_ip = EXCLUDED.last_ip
       RETURNING coalesce(ceil(extract(epoch FROM (locked_until - now())))::int, 0) AS locked_seconds`,
      [login, origin.ip, policy.lockoutThreshold, policy.lockoutWindowMinutes, policy.lockoutMinutes],
    );
    return Math.max(0, row.locked_seconds);
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
      accountId: a.id,
      sessionId: session.id,
      login: a.login,
      role: a.role,
      departmentCodes: a.departmentCodes,
      mustChangePassword: this.passwordChangeDue(a, policy),
      totpEnrolmentRequired: totpRequired(policy, a) && !a.totpEnabled,
      ip: origin.ip,
      requestId: origin.requestId,
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
    await m
      .createQueryBuilder()
      .update(StaffSession)
      .set({ revokedAt: () => 'now()' })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .andWhere(except ? 'id <> :except' : 'TRUE', { except })
      .execute();
  }
}

export const toAuditActor = (a: Actor) => ({
  accountId: a.accountId,
  login: a.login,
  role: a.via ?? a.role,
  ip: a.ip,
  requestId: a.requestId,
});
