import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, AuditActor } from '../auth/actor';
import { allows, ContentAction } from '../auth/permission-matrix';
import { toAuditActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { KINDS } from '../exchange/catalogue-kinds';
import { WorkflowKind } from './revision.entity';
import { ACTION_ZH, notFound } from './workflow-records';

/** Who may act on which department's records (the permission matrix), and the audit record of what they did. */
@Injectable()
export class WorkflowAccessService {
  constructor(private readonly audit: AuditService) {}

  /** Object-level check: a record the actor may not even read is "not found"; otherwise 403. Denials are audited. */
  async authorize(actor: Actor, action: ContentAction, kind: WorkflowKind, code: string, owner: string): Promise<void> {
    if (allows(actor.role, actor.departmentCodes, action, owner)) return;
    const visible = action !== 'create' && allows(actor.role, actor.departmentCodes, 'read', owner);
    await this.audit.recordAlone({
      actor: toAuditActor(actor),
      action: `${KINDS[kind].audit}.${action}`,
      objectType: kind,
      objectId: code,
      result: 'denied',
      details: { departmentCode: owner },
    });
    if (!visible && action !== 'create') throw notFound(kind);
    throw new AppError(
      403,
      'FORBIDDEN',
      action === 'create' ? `无权为部门“${owner}”创建${KINDS[kind].label}` : `无权对该${KINDS[kind].label}执行“${ACTION_ZH[action]}”`,
    );
  }

  /** One audit record of a workflow step, in the step's transaction. */
  record(m: EntityManager, actor: AuditActor, kind: WorkflowKind, action: string, code: string, details: Record<string, unknown>) {
    const who = 'sessionId' in actor ? toAuditActor(actor as Actor) : actor;
    return this.audit.record(m, { actor: who, action: `${KINDS[kind].audit}.${action}`, objectType: kind, objectId: code, details });
  }
}
