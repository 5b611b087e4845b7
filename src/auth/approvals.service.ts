import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { pageOf } from '../common/pagination';
import { AccountApproval, ApprovalStatus, StaffAccount } from './account.entity';
import { AccountsService, isPrivileged } from './accounts.service';
import type { Actor } from './actor';
import { ApprovalExecuted, ApprovalPage, ApprovalResponse, type CreateApprovalDto, type ListApprovalsQueryDto } from './auth.dto';
import { generatePassword } from './password-policy';
import { hashPassword } from './passwords';
import { toAuditActor } from './sessions.service';

/** How long a request may wait for its decision and its execution. */
export const APPROVAL_TTL_HOURS = 24;

export function toApprovalResponse(a: AccountApproval, now = new Date()): ApprovalResponse {
  return {
    id: a.id,
    action: a.action,
    accountId: a.accountId,
    accountVersion: a.accountVersion,
    status: a.status,
    reason: a.reason,
    requestedBy: a.requestedBy,
    requestedAt: a.requestedAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    executedAt: a.executedAt?.toISOString() ?? null,
    expired: a.status !== 'executed' && a.status !== 'rejected' && a.expiresAt <= now,
  };
}

const NOT_FOUND = () => AppError.notFound('APPROVAL_NOT_FOUND', '审批申请');

/**
 * Dual control for resetting or disabling a privileged account (an administrator or a reviewer): the system
 * administrator asks, a second administrator of another role (the security or the audit administrator — never the
 * requester, never the account concerned) approves, and only then may the requester carry it out, once, within
 * APPROVAL_TTL_HOURS. A reset's one-time password is generated at execution and shown to the requester alone (it is
 * never stored); the account's second factor is not touched, so the password alone does not open the account.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  async list(q: ListApprovalsQueryDto): Promise<ApprovalPage> {
    const qb = this.dataSource.getRepository(AccountApproval).createQueryBuilder('p').orderBy('p.requested_at', 'DESC').addOrderBy('p.id', 'ASC');
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.modifiedAfter) qb.andWhere('coalesce(p.executed_at, p.decided_at, p.requested_at) > :after', { after: new Date(q.modifiedAfter) });
    const [rows, total] = await qb
      .skip((q.page - 1) * q.limit)
      .take(q.limit)
      .getManyAndCount();
    const now = new Date();
    return pageOf(
      rows.map((r) => toApprovalResponse(r, now)),
      total,
      q,
    );
  }

  async get(id: string): Promise<ApprovalResponse> {
    const row = await this.dataSource.getRepository(AccountApproval).findOneBy({ id });
    if (!row) throw NOT_FOUND();
    return toApprovalResponse(row);
  }

  async request(dto: CreateApprovalDto, actor: Actor): Promise<ApprovalResponse> {
    if (dto.accountId === actor.accountId)
      throw AppError.badRequest('accountId', '不能为自己的账号申请（修改自己的密码请用 /auth/password）', 'CANNOT_TARGET_SELF');
    return this.dataSource.transaction(async (m) => {
      const account = await m.getRepository(StaffAccount).findOne({ where: { id: dto.accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw AppError.notFound('ACCOUNT_NOT_FOUND', '账号');
      if (!isPrivileged(account)) {
        throw AppError.badRequest('accountId', '该账号不是管理员或审核员，可直接重置或停用，无需审批', 'APPROVAL_NOT_NEEDED');
      }
      if (dto.action === 'disable' && account.disabled) throw new AppError(409, 'ALREADY_DISABLED', '该账号已停用');
      const open = await m
        .createQueryBuilder(AccountApproval, 'p')
        .where('p.account_id = :id AND p.action = :action', { id: account.id, action: dto.action })
        .andWhere(`p.status IN ('pending', 'approved') AND p.expires_at > now()`)
        .getCount();
      if (open > 0) throw new AppError(409, 'APPROVAL_EXISTS', '该账号已有一项同类申请在审批或待执行中');
      const row = await m.save(AccountApproval, {
        action: dto.action,
        accountId: account.id,
        accountVersion: account.version,
        reason: dto.reason,
        requestedBy: actor.accountId,
        status: 'pending' as const,
        expiresAt: new Date(Date.now() + APPROVAL_TTL_HOURS * 3_600_000),
      });
      const response = toApprovalResponse(row);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'approval.request',
        objectType: 'approval',
        objectId: row.id,
        details: { after: response, role: account.role },
      });
      return response;
    });
  }

  /** Approve or reject a pending request: by a second administrator, neither the requester nor the account concerned. */
  async decide(id: string, approve: boolean, actor: Actor): Promise<ApprovalResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockOpen(m, id, 'pending');
      if (row.requestedBy === actor.accountId || row.accountId === actor.accountId) {
        await this.refuse(actor, row, 'decider is the requester or the account concerned');
        throw new AppError(403, 'APPROVAL_SELF', '不能审批自己提出的申请，也不能审批与自己账号有关的申请');
      }
      row.status = approve ? 'approved' : 'rejected';
      row.decidedBy = actor.accountId;
      row.decidedAt = new Date();
      await m.save(AccountApproval, row);
      const response = toApprovalResponse(row);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: approve ? 'approval.approve' : 'approval.reject',
        objectType: 'approval',
        objectId: id,
        details: { after: response },
      });
      return response;
    });
  }

  /** The requester carries out an approved request, once; the account must not have changed since it was asked. */
  async execute(id: string, actor: Actor): Promise<ApprovalExecuted> {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockOpen(m, id, 'approved');
      if (row.requestedBy !== actor.accountId) {
        await this.refuse(actor, row, 'only the requester executes');
        throw new AppError(403, 'APPROVAL_NOT_YOURS', '只有提出申请的管理员可以执行已批准的申请');
      }
      const reset = row.action === 'reset-password';
      const account = await this.accounts.changeIn(
        m,
        row.accountId,
        row.accountVersion,
        actor,
        `account.${row.action}`,
        reset ? this.accounts.resetMutation(passwordHash) : this.accounts.disableMutation,
        { approvalId: row.id, approvedBy: row.decidedBy },
      );
      row.status = 'executed';
      row.executedAt = new Date();
      await m.save(AccountApproval, row);
      return { approval: toApprovalResponse(row), account, ...(reset ? { initialPassword: password } : {}) };
    });
  }

  private async lockOpen(m: EntityManager, id: string, status: 'pending' | 'approved'): Promise<AccountApproval> {
    const row = await m.getRepository(AccountApproval).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw NOT_FOUND();
    if (row.status !== status) {
      throw new AppError(409, 'APPROVAL_STATE', `该申请${STATUS_LABEL[row.status]}，${status === 'pending' ? '不能再审批' : '不能执行'}`, {
        status: row.status,
      });
    }
    if (row.expiresAt <= new Date()) throw new AppError(409, 'APPROVAL_EXPIRED', `该申请已超过 ${APPROVAL_TTL_HOURS} 小时，已失效，请重新申请`);
    return row;
  }

  private async refuse(actor: Actor, row: AccountApproval, reason: string): Promise<void> {
    await this.audit.recordAlone({
      actor: toAuditActor(actor),
      action: 'approval.denied',
      objectType: 'approval',
      objectId: row.id,
      result: 'denied',
      details: { reason },
    });
  }
}

const STATUS_LABEL: Record<ApprovalStatus, string> = { pending: '尚未批准', approved: '已批准', rejected: '已被驳回', executed: '已执行' };
