import { ClusterEventsService } from '../cluster/cluster-events.service';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Secret } from 'otpauth';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { staleVersion } from '../common/if-match';
import { pageOf, PageQueryDto } from '../common/pagination';
import { Department } from '../departments/department.entity';
import { SecurityPolicy, StaffAccount, StaffPasswordHistory } from './account.entity';
import type { Actor, AuditActor } from './actor';
import { AccountPage, AccountResponse, AccountWithPassword, MeResponse, TotpSetupResponse } from './auth.dto';
import type { AssignRoleDto, CreateAccountDto, UpdateAccountDto, UpdatePolicyDto } from './auth.dto';
import { generatePassword, PASSWORD_HISTORY, passwordProblems } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { ADMIN_ROLES, PRIVILEGED_ROLES, Role, ROLE_LABELS } from './roles';
import type { SecretBox } from './secret-box';
import { SessionsService, toAuditActor, TOTP_SEEDS, totpFor, totpStepOf } from './sessions.service';

export { AccountResponse };

/** What an account looks like to the API and in audit diffs: never the hash or the TOTP secret. */
export function toAccountResponse(a: StaffAccount): AccountResponse {
  return {
    id: a.id,
    login: a.login,
    displayName: a.displayName,
    role: a.role,
    roleLabel: a.role ? ROLE_LABELS[a.role] : null,
    departmentCodes: a.departmentCodes,
    disabled: a.disabled,
    mustChangePassword: a.mustChangePassword,
    totpEnabled: a.totpEnabled,
    passwordChangedAt: a.passwordChangedAt.toISOString(),
    version: a.version,
    createdAt: a.createdAt.toISOString(),
  };
}

/** Field-by-field before/after of the keys that changed (for the audit trail). */
export function changedFields<T extends object>(before: T, after: T): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[String(key)] = { before: before[key], after: after[key] };
  }
  return out;
}

const NOT_FOUND = () => AppError.notFound('ACCOUNT_NOT_FOUND', '账号');

/** Is this an account no single administrator may reset or disable (an administrator or a reviewer)? */
export const isPrivileged = (a: Pick<StaffAccount, 'role'>) => !!a.role && PRIVILEGED_ROLES.includes(a.role);

/** 403 for a direct reset or disable of a privileged account: it goes through an approved request. */
export function approvalRequired(a: Pick<StaffAccount, 'role'>, action: 'disable' | 'reset-password'): AppError {
  return new AppError(
    403,
    'APPROVAL_REQUIRED',
    `${a.role ? ROLE_LABELS[a.role] : ''}账号的${action === 'disable' ? '停用' : '密码重置'}须经另一名管理员审批：请提交申请（POST /api/v1/admin/approvals）`,
  );
}

/** A change applied to a locked account row inside the caller's transaction. */
export type AccountMutation = (m: EntityManager, a: StaffAccount) => Promise<void>;

/**
 * Accounts under 三员分立: the system administrator creates, disables and resets accounts; the security
 * administrator assigns roles and departments and keeps the policy; nobody changes their own role.
 * Every change writes its audit record in the same transaction.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(TOTP_SEEDS) private readonly totpSeeds: SecretBox,
    private readonly events: ClusterEventsService,
  ) {}

  /** First start: one account per administrator role, each with a one-time password. Refused once any account exists. */
  async bootstrap(actor: AuditActor): Promise<{ login: string; role: Role; password: string }[]> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('banshi-bootstrap'))`);
      if ((await m.count(StaffAccount)) > 0) {
        throw new AppError(409, 'ALREADY_BOOTSTRAPPED', '已有员工账号，初始化只能在没有任何账号时进行');
      }
      const created: { login: string; role: Role; password: string }[] = [];
      for (const role of ADMIN_ROLES) {
        const password = generatePassword();
        const account = await m.save(StaffAccount, {
          login: role,
          displayName: ROLE_LABELS[role],
          role,
          passwordHash: await hashPassword(password),
          mustChangePassword: true,
        });
        await m.insert(StaffPasswordHistory, { accountId: account.id, passwordHash: account.passwordHash });
        created.push({ login: role, role, password });
      }
      await this.audit.record(m, { actor, action: 'account.bootstrap', objectType: 'account', details: { accounts: created.map((c) => c.login) } });
      return created;
    });
  }

  async list(q: PageQueryDto): Promise<AccountPage> {
    const qb = this.dataSource.getRepository(StaffAccount).createQueryBuilder('a').orderBy('a.login', 'ASC');
    if (q.modifiedAfter) qb.andWhere('a.updated_at > :modifiedAfter', { modifiedAfter: new Date(q.modifiedAfter) });
    const [rows, total] = await qb
      .skip((q.page - 1) * q.limit)
      .take(q.limit)
      .getManyAndCount();
    return pageOf(rows.map(toAccountResponse), total, q);
  }

  async get(id: string): Promise<AccountResponse> {
    return toAccountResponse(await this.find(this.dataSource.manager, id));
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<StaffAccount> {
    const account = await m.getRepository(StaffAccount).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!account) throw NOT_FOUND();
    return account;
  }

  async create(dto: CreateAccountDto, actor: Actor): Promise<AccountWithPassword> {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (m) => {
      if (await m.existsBy(StaffAccount, { login: dto.login })) {
        throw new AppError(409, 'LOGIN_TAKEN', `登录名“${dto.login}”已被使用`, [{ field: 'login', message: '已被使用' }]);
      }
      const account = await m.save(StaffAccount, { login: dto.login, displayName: dto.displayName, passwordHash, mustChangePassword: true });
      await m.insert(StaffPasswordHistory, { accountId: account.id, passwordHash });
      const response = toAccountResponse(account);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'account.create',
        objectType: 'account',
        objectId: account.id,
        details: { after: response },
      });
      return { account: response, initialPassword: password };
    });
  }

  async update(id: string, dto: UpdateAccountDto, version: number, actor: Actor): Promise<AccountResponse> {
    if (id === actor.accountId && dto.disabled)
      throw new AppError(400, 'CANNOT_DISABLE_SELF', '不能停用自己的账号', [{ field: 'disabled', message: '不能停用自己' }]);
    return this.auditRefusal(
      actor,
      id,
      'disable',
      this.change(id, version, actor, 'account.update', async (m, a) => {
        if (dto.displayName !== undefined) a.displayName = dto.displayName;
        if (dto.disabled !== undefined && dto.disabled !== a.disabled) {
          if (dto.disabled) {
            if (isPrivileged(a)) throw approvalRequired(a, 'disable');
            await this.disableMutation(m, a);
          } else a.disabled = false;
        }
      }),
    );
  }

  async resetPassword(id: string, version: number, actor: Actor): Promise<AccountWithPassword> {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const account = await this.auditRefusal(
      actor,
      id,
      'reset-password',
      this.change(id, version, actor, 'account.reset-password', async (m, a) => {
        if (isPrivileged(a)) throw approvalRequired(a, 'reset-password');
        await this.resetMutation(passwordHash)(m, a);
      }),
    );
    return { account, initialPassword: password };
  }

  /** A password reset: the new (one-time) hash, a change forced at next sign-in, every session ended. The second factor stays. */
  resetMutation(passwordHash: string): AccountMutation {
    return async (m, a) => {
      a.passwordHash = passwordHash;
      a.mustChangePassword = true;
      a.passwordChangedAt = new Date();
      await m.insert(StaffPasswordHistory, { accountId: a.id, passwordHash });
      await this.sessions.revokeAll(m, a.id);
    };
  }

  readonly disableMutation: AccountMutation = async (m, a) => {
    a.disabled = true;
    await this.sessions.revokeAll(m, a.id);
  };

  /** Audits an APPROVAL_REQUIRED refusal (after the refused transaction has rolled back) and passes every outcome on. */
  private async auditRefusal<T>(actor: Actor, id: string, action: 'disable' | 'reset-password', work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (e) {
      if (e instanceof AppError && e.code === 'APPROVAL_REQUIRED') {
        await this.audit.recordAlone({
          actor: toAuditActor(actor),
          action: `account.${action}`,
          objectType: 'account',
          objectId: id,
          result: 'denied',
          details: { reason: 'privileged account: needs an approved request' },
        });
      }
      throw e;
    }
  }

  async assignRole(id: string, dto: AssignRoleDto, version: number, actor: Actor): Promise<AccountResponse> {
    if (id === actor.accountId) throw new AppError(403, 'CANNOT_CHANGE_OWN_ROLE', '不能修改自己的角色');
    const role = dto.role ?? null;
    const departments = dto.departmentCodes ?? [];
    if (role === 'editor' && departments.length === 0) {
      throw AppError.badRequest('departmentCodes', '部门编辑至少要分配一个部门');
    }
    if (role !== 'editor' && departments.length > 0) {
      throw AppError.badRequest('departmentCodes', '只有部门编辑按部门授权；其他角色不能分配部门');
    }
    return this.change(id, version, actor, 'account.assign-role', async (m, a) => {
      if (departments.length) {
        const found = await m.find(Department, { select: { code: true }, where: { code: In(departments) } });
        const missing = departments.filter((c) => !found.some((d) => d.code === c));
        if (missing.length) throw AppError.badRequest('departmentCodes', `部门不存在：${missing.join('、')}`);
      }
      a.role = role;
      a.departmentCodes = departments;
      // A role change takes effect at once: the account signs in again under its new role.
      await this.sessions.revokeAll(m, a.id);
    });
  }

  async resetTotp(id: string, version: number, actor: Actor): Promise<AccountResponse> {
    return this.change(id, version, actor, 'account.reset-totp', async (m, a) => {
      a.totpEnabled = false;
      a.totpSecret = null;
      a.totpLastStep = null;
      await this.sessions.revokeAll(m, a.id);
    });
  }

  /** Locked read → version check → mutate → save (version + 1) → audit, in one transaction. */
  private async change(id: string, version: number, actor: Actor, action: string, mutate: AccountMutation): Promise<AccountResponse> {
    return this.dataSource.transaction((m) => this.changeIn(m, id, version, actor, action, mutate));
  }

  /** `change` inside the caller's transaction (approvals carry out a request and close it atomically). */
  async changeIn(
    m: EntityManager,
    id: string,
    version: number,
    actor: Actor,
    action: string,
    mutate: AccountMutation,
    extra: Record<string, unknown> = {},
  ): Promise<AccountResponse> {
    const account = await this.find(m, id, true);
    if (account.version !== version) throw staleVersion(account.version);
    const before = toAccountResponse(account);
    await mutate(m, account);
    account.version += 1;
    account.updatedAt = new Date();
    await m.save(StaffAccount, account);
    const after = toAccountResponse(account);
    await this.audit.record(m, {
      actor: toAuditActor(actor),
      action,
      objectType: 'account',
      objectId: id,
      details: { changes: changedFields(before, after), ...extra },
    });
    return after;
  }

  async me(actor: Actor): Promise<MeResponse> {
    const account = await this.find(this.dataSource.manager, actor.accountId);
    return { ...toAccountResponse(account), mustChangePassword: actor.mustChangePassword, totpEnrolmentRequired: actor.totpEnrolmentRequired };
  }

  async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    const problems = passwordProblems(next, actor.login);
    if (problems.length)
      throw new AppError(
        400,
        'WEAK_PASSWORD',
        `新密码不符合要求：${problems.join('；')}`,
        problems.map((message) => ({ field: 'newPassword', message })),
      );
    const account = await this.find(this.dataSource.manager, actor.accountId);
    if (!(await verifyPassword(account.passwordHash, current))) {
      await this.audit.recordAlone({
        actor: toAuditActor(actor),
        action: 'auth.change-password',
        objectType: 'account',
        objectId: actor.accountId,
        result: 'failure',
        details: { reason: 'current password wrong' },
      });
      throw new AppError(400, 'WRONG_PASSWORD', '当前密码不正确', [{ field: 'currentPassword', message: '不正确' }]);
    }
    const history = await this.dataSource.getRepository(StaffPasswordHistory).find({
      where: { accountId: actor.accountId },
      order: { id: 'DESC' },
      take: PASSWORD_HISTORY,
    });
    for (const h of history) {
      if (await verifyPassword(h.passwordHash, next)) {
        throw new AppError(400, 'PASSWORD_REUSED', `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`, [
          { field: 'newPassword', message: '与近期密码相同' },
        ]);
      }
    }
    const passwordHash = await hashPassword(next);
    await this.dataSource.transaction(async (m) => {
      await m.update(
        StaffAccount,
        { id: actor.accountId },
        {
          passwordHash,
          mustChangePassword: false,
          passwordChangedAt: new Date(),
          updatedAt: new Date(),
          version: () => 'version + 1',
        },
      );
      await m.insert(StaffPasswordHistory, { accountId: actor.accountId, passwordHash });
      // Other sessions of this account end: whoever knew the old password is signed out.
      await this.sessions.revokeAll(m, actor.accountId, actor.sessionId);
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'auth.change-password', objectType: 'account', objectId: actor.accountId });
    });
  }

  async startTotp(actor: Actor): Promise<TotpSetupResponse> {
    const secret = new Secret({ size: 20 }).base32;
    await this.dataSource.getRepository(StaffAccount).update({ id: actor.accountId, totpEnabled: false }, { totpSecret: this.totpSeeds.seal(secret) });
    const account = await this.find(this.dataSource.manager, actor.accountId);
    if (account.totpEnabled) throw new AppError(409, 'TOTP_ALREADY_ENABLED', '已启用双因素认证；如需更换请联系安全管理员重置');
    return { secret, otpauthUri: totpFor(secret, actor.login).toString() };
  }

  async enableTotp(actor: Actor, code: string): Promise<void> {
    const account = await this.find(this.dataSource.manager, actor.accountId);
    if (account.totpEnabled) throw new AppError(409, 'TOTP_ALREADY_ENABLED', '已启用双因素认证');
    if (!account.totpSecret) throw new AppError(409, 'TOTP_NOT_STARTED', '请先获取双因素认证密钥');
    const step = totpStepOf(totpFor(this.totpSeeds.open(account.totpSecret), account.login), code);
    if (step === null) throw new AppError(400, 'TOTP_INVALID', '动态口令不正确', [{ field: 'code', message: '不正确' }]);
    await this.dataSource.transaction(async (m) => {
      // the code that enrolled cannot sign in afterwards (same rule as sign-in: each time step once)
      await m.update(
        StaffAccount,
        { id: actor.accountId },
        { totpEnabled: true, totpLastStep: String(step), updatedAt: new Date(), version: () => 'version + 1' },
      );
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'auth.enable-totp', objectType: 'account', objectId: actor.accountId });
    });
  }

  async getPolicy(): Promise<SecurityPolicy> {
    return this.dataSource.getRepository(SecurityPolicy).findOneByOrFail({ id: 1 });
  }

  async updatePolicy(dto: UpdatePolicyDto, version: number, actor: Actor): Promise<SecurityPolicy> {
    const policy = await this.dataSource.transaction(async (m) => {
      const current = await m.getRepository(SecurityPolicy).findOneOrFail({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (current.version !== version) throw staleVersion(current.version);
      if (dto.requireTotp && !current.requireTotp) {
        const [self] = await m.find(StaffAccount, { where: { id: actor.accountId } });
        if (!self?.totpEnabled) throw new AppError(409, 'TOTP_NOT_ENABLED_FOR_SELF', '请先为自己启用双因素认证，再要求全体员工启用（以免锁住自己）');
      }
      const before = { ...current };
      Object.assign(current, dto, { version: current.version + 1, updatedAt: new Date() });
      await m.save(SecurityPolicy, current);
      const { updatedAt: _a, version: _b, ...b } = before;
      const { updatedAt: _c, version: _d, ...a } = current;
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'policy.update',
        objectType: 'policy',
        objectId: '1',
        details: { changes: changedFields(b, a) },
      });
      await this.events.publish(m, 'security-policy');
      return current;
    });
    this.sessions.forgetPolicy();
    return policy;
  }
}
