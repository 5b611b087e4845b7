import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, AuditActor } from '../auth/actor';
import type { ContentAction } from '../auth/permission-matrix';
import { AppError } from '../common/app-error';
import { staleVersion } from '../common/if-match';
import { KINDS } from '../exchange/catalogue-kinds';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { ExchangeImportService } from '../exchange/exchange-import.service';
import { canonicalRecord, fingerprint } from '../exchange/exchange-records';
import { completenessProblems } from '../service-matters/completeness';
import { diffRecords } from './revision-diff';
import { Revision, RevisionState, WorkflowKind } from './revision.entity';
import { WorkflowAccessService } from './workflow-access.service';
import { ACTION_ZH, chinaDayStart, currentPayload, documentOf, loadRecord, lockRecord, notFound, Payload, PublishedRow, wrongState } from './workflow-records';
import { RevisionView, toRevisionView, withoutReadOnly } from './workflow.dto';

export interface PublishOptions {
  effectiveFrom?: string;
  effectiveTo?: string;
}

/**
 * Draft → review → publish for matters, guide entries and bundles. Drafts are revisions (exchange-format payloads)
 * beside the catalogue tables; publishing applies a payload through the importer, so the public API, the change
 * log and the search index only ever see published versions. Every transition checks the permission matrix
 * against the record's department, compares the revision's version (If-Match), and writes one audit record in
 * its transaction. Reading is WorkflowViewsService's, several records at once WorkflowBatchService's, and the
 * timed work WorkflowSchedulerService's.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly importer: ExchangeImportService,
    private readonly exporter: ExchangeExportService,
    private readonly access: WorkflowAccessService,
  ) {}

  async create(kind: WorkflowKind, body: object, actor: Actor): Promise<RevisionView> {
    const payload = this.checked(kind, body);
    const owner = this.ownerOf(kind, payload);
    await this.access.authorize(actor, 'create', kind, payload.code as string, owner);
    return this.dataSource.transaction(async (m) => {
      await lockRecord(m, kind, payload.code as string);
      const [taken] = await m.query(
        `SELECT 1 FROM ${KINDS[kind].table} WHERE code = $1 UNION ALL SELECT 1 FROM revisions WHERE kind = $2 AND code = $1 LIMIT 1`,
        [payload.code, kind],
      );
      if (taken) throw new AppError(409, 'CODE_TAKEN', `${KINDS[kind].label}编码“${payload.code}”已存在`, [{ field: 'code', message: '已存在' }]);
      const rev = await m.save(Revision, {
        kind,
        code: payload.code as string,
        departmentCode: owner,
        number: 1,
        state: 'draft' as const,
        payload,
        createdBy: actor.accountId,
        updatedBy: actor.accountId,
      });
      await this.access.record(m, actor, kind, 'create', rev.code, { number: 1, departmentCode: owner });
      return toRevisionView(rev);
    });
  }

  /**
   * Saves a draft. With an open draft (or returned revision), If-Match is that revision's version; without one,
   * it is the published record's version and a new draft starts from the body.
   */
  async update(kind: WorkflowKind, code: string, body: object, version: number, actor: Actor): Promise<RevisionView> {
    const payload = this.checked(kind, body);
    if (payload.code !== code) throw AppError.badRequest('code', `必须与地址中的编码“${code}”一致`);
    return this.dataSource.transaction(async (m) => {
      const { published, open, owner } = await loadRecord(m, kind, code, true);
      await this.access.authorize(actor, 'update', kind, code, owner);
      if (this.ownerOf(kind, payload) !== owner)
        throw AppError.badRequest('departmentCode', `已有记录的部门不能修改（应为“${owner}”）`, 'DEPARTMENT_IMMUTABLE');
      if (open) {
        if (open.state !== 'draft' && open.state !== 'returned') throw wrongState(open.state, '修改');
        if (open.version !== version) throw staleVersion(open.version);
        const changes = diffRecords(open.payload, payload);
        Object.assign(open, { payload, state: 'draft', version: open.version + 1, updatedBy: actor.accountId, updatedAt: new Date() });
        const saved = await m.save(Revision, open);
        await this.access.record(m, actor, kind, 'update', code, { number: open.number, changes });
        return toRevisionView(saved);
      }
      if (!published) throw notFound(kind);
      if (published.version !== version) throw staleVersion(published.version);
      const base = await this.snapshotPublished(m, kind, code, owner, published);
      const rev = await m.save(Revision, {
        kind,
        code,
        departmentCode: owner,
        number: base.next,
        state: 'draft' as const,
        payload,
        createdBy: actor.accountId,
        updatedBy: actor.accountId,
      });
      await this.access.record(m, actor, kind, 'update', code, { number: rev.number, basedOn: base.current, changes: diffRecords(base.payload, payload) });
      return toRevisionView(rev);
    });
  }

  /** Throws the open draft away (a record never published disappears with it). */
  async discard(kind: WorkflowKind, code: string, version: number, actor: Actor): Promise<void> {
    await this.transition(undefined, kind, code, version, actor, 'discard', ['draft', 'returned'], async (m, rev) => {
      await m.delete(Revision, { id: rev.id });
      return { number: rev.number };
    });
  }

  async submit(kind: WorkflowKind, code: string, version: number, actor: Actor, within?: EntityManager): Promise<RevisionView> {
    return this.transition(within, kind, code, version, actor, 'submit', ['draft', 'returned'], async (m, rev) => {
      refuseIncomplete(kind, rev.payload);
      // References (department, matters, places) must exist before a reviewer sees it: a dry run of the import.
      await this.importer.apply(m, documentOf(kind, rev.payload), { dryRun: true });
      Object.assign(rev, { state: 'submitted', submittedBy: actor.accountId, submittedAt: new Date(), returnReason: null });
      return { number: rev.number };
    });
  }

  async withdraw(kind: WorkflowKind, code: string, version: number, actor: Actor, within?: EntityManager): Promise<RevisionView> {
    return this.transition(within, kind, code, version, actor, 'withdraw', ['submitted', 'scheduled'], async (_m, rev) => {
      Object.assign(rev, { state: 'draft', effectiveFrom: null, effectiveTo: null });
      return { number: rev.number };
    });
  }

  async returnToEditor(kind: WorkflowKind, code: string, version: number, reason: string, actor: Actor, within?: EntityManager): Promise<RevisionView> {
    return this.transition(within, kind, code, version, actor, 'return', ['submitted'], async (_m, rev) => {
      Object.assign(rev, { state: 'returned', returnReason: reason, reviewedBy: actor.accountId });
      return { number: rev.number, reason };
    });
  }

  /**
   * Publishes a submitted revision now, or schedules it (effectiveFrom in the future, or a matter's own
   * effectiveFrom date). effectiveTo (or a matter's effectiveTo date) archives the record when it passes.
   */
  async publish(kind: WorkflowKind, code: string, version: number, options: PublishOptions, actor: Actor, within?: EntityManager): Promise<RevisionView> {
    const from = options.effectiveFrom ? new Date(options.effectiveFrom) : undefined;
    const to = options.effectiveTo ? new Date(options.effectiveTo) : undefined;
    if (from && to && to <= from) throw AppError.badRequest('effectiveTo', '失效时间必须晚于生效时间');
    if (to && to <= new Date()) throw AppError.badRequest('effectiveTo', '失效时间必须在将来');
    return this.transition(within, kind, code, version, actor, 'publish', ['submitted'], async (m, rev) => {
      refuseIncomplete(kind, rev.payload);
      const payloadFrom = typeof rev.payload.effectiveFrom === 'string' ? chinaDayStart(rev.payload.effectiveFrom) : undefined;
      const payloadTo = typeof rev.payload.effectiveTo === 'string' ? chinaDayStart(rev.payload.effectiveTo, 1) : undefined;
      rev.effectiveFrom = from ?? payloadFrom ?? null;
      rev.effectiveTo = to ?? payloadTo ?? null;
      rev.reviewedBy = actor.accountId;
      if (rev.effectiveFrom && rev.effectiveFrom > new Date()) {
        await this.importer.apply(m, documentOf(kind, rev.payload), { dryRun: true });
        rev.state = 'scheduled';
        return { number: rev.number, scheduledFor: rev.effectiveFrom.toISOString() };
      }
      await this.apply(m, rev);
      return { number: rev.number, effectiveTo: rev.effectiveTo?.toISOString() ?? null };
    });
  }

  /** Takes a published record out of public view, with a reason citizens see. If-Match: the record's version. */
  async archive(kind: WorkflowKind, code: string, version: number, reason: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const { owner, published } = await loadRecord(m, kind, code, true);
      await this.access.authorize(actor, 'archive', kind, code, owner);
      await this.archiveRecord(m, kind, code, published, version, reason, actor);
    });
  }

  /** Archives the loaded published row (the staff route and the expiry scheduler share this). */
  async archiveRecord(
    m: EntityManager,
    kind: WorkflowKind,
    code: string,
    published: PublishedRow | null,
    version: number,
    reason: string,
    actor: AuditActor,
  ): Promise<void> {
    if (!published) throw notFound(kind);
    if (published.status !== 'published') throw new AppError(409, 'WRONG_STATE', `该${KINDS[kind].label}当前不是已发布状态`);
    if (published.version !== version) throw staleVersion(published.version);
    await m.query(`UPDATE ${KINDS[kind].table} SET status = 'archived', archive_reason = $2 WHERE code = $1`, [code, reason]);
    await this.access.record(m, actor, kind, 'archive', code, { reason });
  }

  /** Starts a new draft from an earlier published version. */
  async restore(kind: WorkflowKind, code: string, number: number, actor: Actor): Promise<RevisionView> {
    return this.dataSource.transaction(async (m) => {
      const { open, owner, published } = await loadRecord(m, kind, code, true);
      await this.access.authorize(actor, 'restore', kind, code, owner);
      if (open) throw new AppError(409, 'DRAFT_EXISTS', `已有未发布的版本 ${open.number}（${open.state}），请先处理它`);
      const old = await m.findOneBy(Revision, { kind, code, number, state: 'published' });
      if (!old) throw AppError.badRequest('number', `没有已发布的版本 ${number}`, 'REVISION_NOT_FOUND');
      const base = await this.snapshotPublished(m, kind, code, owner, published);
      const rev = await m.save(Revision, {
        kind,
        code,
        departmentCode: owner,
        number: base.next,
        state: 'draft' as const,
        payload: old.payload,
        createdBy: actor.accountId,
        updatedBy: actor.accountId,
      });
      await this.access.record(m, actor, kind, 'restore', code, { from: number, number: rev.number });
      return toRevisionView(rev);
    });
  }

  /**
   * Writes a revision's payload to the catalogue (published) and marks it published. The revision takes the
   * number of the public version it became (the catalogue's `version`, which the public API and the change feed
   * show) and keeps the record as the public now sees it, so history, diff and the public share one numbering.
   */
  async apply(m: EntityManager, rev: Revision): Promise<void> {
    const table = KINDS[rev.kind].table;
    const [before] = await m.query(`SELECT version FROM ${table} WHERE code = $1`, [rev.code]);
    await this.importer.apply(m, documentOf(rev.kind, { ...rev.payload, status: 'published' }));
    await m.query(`UPDATE ${table} SET archive_reason = NULL WHERE code = $1 AND archive_reason IS NOT NULL`, [rev.code]);
    let [{ version }] = await m.query(`SELECT version FROM ${table} WHERE code = $1`, [rev.code]);
    // Publishing what the public already sees still makes a version of its own (a reviewer did publish it).
    if (before && before.version === version)
      [[{ version }]] = await m.query(`UPDATE ${table} SET updated_at = now() WHERE code = $1 RETURNING version`, [rev.code]);
    const [taken] = await m.query(`SELECT 1 FROM revisions WHERE kind = $1 AND code = $2 AND number = $3 AND id <> $4`, [rev.kind, rev.code, version, rev.id]);
    if (!taken) rev.number = version; // (a history written before versions were shared keeps its own numbers)
    rev.payload = (await currentPayload(this.exporter, m, rev.kind, rev.code)) ?? rev.payload;
    Object.assign(rev, { state: 'published', publishedAt: new Date() });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────

  /** Common shape of a state transition on the open revision (in `within`, or a transaction of its own). */
  private async transition(
    within: EntityManager | undefined,
    kind: WorkflowKind,
    code: string,
    version: number,
    actor: Actor,
    action: ContentAction,
    from: RevisionState[],
    change: (m: EntityManager, rev: Revision) => Promise<Record<string, unknown>>,
  ): Promise<RevisionView> {
    const run = async (m: EntityManager) => {
      const { open, owner } = await loadRecord(m, kind, code, true);
      await this.access.authorize(actor, action, kind, code, owner);
      if (!open) throw new AppError(409, 'NO_OPEN_REVISION', `该${KINDS[kind].label}没有待处理的版本`);
      if (!from.includes(open.state)) throw wrongState(open.state, ACTION_ZH[action]);
      if (open.version !== version) throw staleVersion(open.version);
      const details = await change(m, open);
      let saved = open;
      if (action !== 'discard') {
        Object.assign(open, { version: open.version + 1, updatedAt: new Date() });
        saved = await m.save(Revision, open);
      }
      await this.access.record(m, actor, kind, action, code, details);
      return toRevisionView(saved);
    };
    return within ? run(within) : this.dataSource.transaction(run);
  }

  /**
   * Shape and rules (the importer's); kept in canonical form without `status` (the workflow decides it), so a
   * draft compares and diffs with the published record exactly as the importer would write it.
   */
  private checked(kind: WorkflowKind, body: object): Payload {
    const plain = withoutReadOnly(body);
    const { problems } = this.importer.validateRecord(kind, plain);
    if (problems.length) throw AppError.invalid(problems);
    return canonicalRecord(kind, plain);
  }

  private ownerOf(kind: WorkflowKind, payload: Payload): string {
    const dc = payload.departmentCode;
    if (typeof dc !== 'string' || !dc) throw AppError.badRequest('departmentCode', `在线维护的${KINDS[kind].label}必须填写所属部门`);
    return dc;
  }

  /**
   * Makes sure the history holds the version the public sees now — only when the catalogue changed outside the
   * workflow (an operations import), compared in canonical form, and numbered with that public version — and
   * returns the number of the next draft: the version publishing it will make.
   */
  private async snapshotPublished(m: EntityManager, kind: WorkflowKind, code: string, owner: string, published: PublishedRow | null) {
    const [{ max }] = await m.query(`SELECT COALESCE(max(number), 0)::int AS max FROM revisions WHERE kind = $1 AND code = $2`, [kind, code]);
    const latest = await m.findOne(Revision, { where: { kind, code, state: 'published' }, order: { number: 'DESC' } });
    const payload = await currentPayload(this.exporter, m, kind, code);
    const same = latest && payload && fingerprint(canonicalRecord(kind, latest.payload)) === fingerprint(canonicalRecord(kind, payload));
    if (payload && published && !same) {
      const number = published.version > max ? published.version : max + 1;
      await m.save(Revision, {
        kind,
        code,
        departmentCode: owner,
        number,
        state: 'published' as const,
        payload,
        publishedAt: published.updatedAt,
      });
      return { current: number, next: number + 1, payload };
    }
    return { current: latest?.number ?? null, next: Math.max(max, published?.version ?? 0) + 1, payload };
  }
}

/** 422 INCOMPLETE listing every field a citizen would miss (drafts may stay incomplete; submit and publish may not). */
export function refuseIncomplete(kind: WorkflowKind, payload: Payload): void {
  const problems = completenessProblems(kind, payload);
  if (!problems.length) return;
  throw new AppError(
    422,
    'INCOMPLETE',
    `该${KINDS[kind].label}还不完整，群众无法据此办事，不能提交或发布：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`,
    problems,
  );
}
