import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { scopeOf } from '../auth/permission-matrix';
import { AppError } from '../common/app-error';
import { pageOf } from '../common/pagination';
import { AuditRecord } from '../audit/audit-record.entity';
import { KINDS } from '../exchange/catalogue-kinds';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { diffRecords } from './revision-diff';
import { OPEN_STATES, Revision, RevisionState, WorkflowKind } from './revision.entity';
import { WorkflowAccessService } from './workflow-access.service';
import { currentPayload, loadRecord } from './workflow-records';
import { RecordView, RevisionDiff, RevisionPage, RevisionView, toRevisionView, WorkflowActivity } from './workflow.dto';

/** What staff read of content records: one record, the open revisions in their scope, history and differences. */
@Injectable()
export class WorkflowViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exporter: ExchangeExportService,
    private readonly access: WorkflowAccessService,
  ) {}

  async get(kind: WorkflowKind, code: string, actor: Actor): Promise<RecordView> {
    const m = this.dataSource.manager;
    const { published, open, owner } = await loadRecord(m, kind, code, false);
    await this.access.authorize(actor, 'read', kind, code, owner);
    const record = published ? await currentPayload(this.exporter, m, kind, code) : null;
    return {
      kind,
      code,
      departmentCode: owner,
      published: published
        ? { status: published.status, version: published.version, archiveReason: published.archiveReason, updatedAt: published.updatedAt, record }
        : null,
      draft: open ? toRevisionView(open) : null,
    };
  }

  /** Open revisions in the actor's scope (an editor's departments; everything for the reviewer). */
  async list(
    kind: WorkflowKind,
    q: { state?: RevisionState; departmentCode?: string; codes?: string[]; page: number; limit: number },
    actor: Actor,
    withPayload = false,
  ): Promise<RevisionPage> {
    const qb = this.dataSource
      .getRepository(Revision)
      .createQueryBuilder('r')
      .where('r.kind = :kind', { kind })
      .andWhere('r.state IN (:...states)', { states: q.state ? [q.state] : OPEN_STATES });
    if (q.departmentCode) qb.andWhere('r.department_code = :dc', { dc: q.departmentCode });
    // (records of one import: the console's review queue)
    if (q.codes) qb.andWhere('r.code = ANY(:codes)', { codes: q.codes });
    const scope = scopeOf(actor.role, 'read');
    if (!scope) throw new AppError(403, 'FORBIDDEN', '当前角色无权查看待办版本');
    if (scope === 'own') qb.andWhere('r.department_code = ANY(:mine)', { mine: actor.departmentCodes });
    const [rows, total] = await qb
      .orderBy('r.updated_at', 'DESC')
      .skip((q.page - 1) * q.limit)
      .take(q.limit)
      .getManyAndCount();
    return pageOf(
      rows.map((r) => ({ code: r.code, title: String(r.payload.name ?? r.payload.title ?? r.code), ...toRevisionView(r, withPayload) })),
      total,
      q,
    );
  }

  async history(kind: WorkflowKind, code: string, actor: Actor): Promise<RevisionView[]> {
    const { owner } = await loadRecord(this.dataSource.manager, kind, code, false);
    await this.access.authorize(actor, 'history', kind, code, owner);
    const rows = await this.dataSource.getRepository(Revision).find({ where: { kind, code, state: 'published' }, order: { number: 'DESC' } });
    return rows.map((r) => toRevisionView(r, false));
  }

  /**
   * Who did what to the record and when: its successful workflow steps from the audit trail (the record each step
   * writes in its own transaction), oldest first, each with the version it concerned. Readable by whoever may read
   * the history (the same 'history' permission); the trail itself stays the audit administrator's.
   */
  async activity(kind: WorkflowKind, code: string, actor: Actor): Promise<WorkflowActivity[]> {
    const { owner } = await loadRecord(this.dataSource.manager, kind, code, false);
    await this.access.authorize(actor, 'history', kind, code, owner);
    const rows = await this.dataSource.getRepository(AuditRecord).find({
      where: { objectType: kind, objectId: code, result: 'success' },
      order: { id: 'ASC' },
      take: 1000,
    });
    const prefix = `${KINDS[kind].audit}.`;
    return rows
      .filter((r) => r.action.startsWith(prefix))
      .map((r) => {
        const d = (r.details ?? {}) as { number?: unknown; reason?: unknown; from?: unknown };
        return {
          at: r.at.toISOString(),
          login: r.actorLogin,
          role: r.actorRole,
          action: r.action.slice(prefix.length),
          number: typeof d.number === 'number' ? d.number : null,
          reason: typeof d.reason === 'string' ? d.reason : null,
          restoredFrom: typeof d.from === 'number' ? d.from : null,
        };
      });
  }

  /** Field-by-field difference between two versions (any revision number, published or open). */
  async diff(kind: WorkflowKind, code: string, from: number, to: number, actor: Actor): Promise<RevisionDiff> {
    const { owner } = await loadRecord(this.dataSource.manager, kind, code, false);
    await this.access.authorize(actor, 'history', kind, code, owner);
    const repo = this.dataSource.getRepository(Revision);
    const [a, b] = await Promise.all([repo.findOneBy({ kind, code, number: from }), repo.findOneBy({ kind, code, number: to })]);
    if (!a) throw AppError.badRequest('from', `版本 ${from} 不存在`, 'REVISION_NOT_FOUND');
    if (!b) throw AppError.badRequest('to', `版本 ${to} 不存在`, 'REVISION_NOT_FOUND');
    return { from, to, changes: diffRecords(a.payload, b.payload) };
  }
}
