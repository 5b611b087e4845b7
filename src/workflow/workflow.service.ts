import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, AuditActor } from '../auth/actor';
import { allows, ContentAction, scopeOf } from '../auth/permission-matrix';
import { toAuditActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { staleVersion } from '../common/if-match';
import { Page, pageOf } from '../common/pagination';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { exchangeDocument, ExchangeImportService } from '../exchange/exchange-import.service';
import { fingerprint } from '../exchange/exchange-records';
import type { ExchangeDocument } from '../exchange/exchange.dto';
import { diffRecords, FieldChange } from './revision-diff';
import { OPEN_STATES, Revision, RevisionState, WorkflowKind } from './revision.entity';

export const KIND_INFO: Record<WorkflowKind, { label: string; table: string; audit: string }> = {
  matters: { label: '事项', table: 'service_matters', audit: 'matter' },
  guides: { label: '指南条目', table: 'guide_entries', audit: 'guide' },
  bundles: { label: '一件事', table: 'bundles', audit: 'bundle' },
};

type Payload = Record<string, unknown>;

interface PublishedRow {
  id: string;
  status: 'draft' | 'published' | 'archived';
  version: number;
  archiveReason: string | null;
  updatedAt: Date;
  departmentCode: string | null;
}

/** A record as staff see it: what the public sees now, and the open revision being worked on. */
export interface RecordView {
  kind: WorkflowKind;
  code: string;
  departmentCode: string;
  published: (Omit<PublishedRow, 'id' | 'departmentCode'> & { record: Payload | null }) | null;
  draft: RevisionView | null;
}

export interface RevisionView {
  number: number;
  state: RevisionState;
  version: number;
  departmentCode: string;
  returnReason: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  payload?: Payload;
}

export function toRevisionView(r: Revision, withPayload = true): RevisionView {
  return {
    number: r.number, state: r.state, version: r.version, departmentCode: r.departmentCode, returnReason: r.returnReason,
    effectiveFrom: r.effectiveFrom?.toISOString() ?? null, effectiveTo: r.effectiveTo?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null, publishedAt: r.publishedAt?.toISOString() ?? null,
    ...(withPayload ? { payload: r.payload } : {}),
  };
}

export interface BatchRequest {
  action: 'submit' | 'withdraw' | 'publish' | 'return';
  items: { code: string; version: number }[];
  reason?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
}

export interface PublishOptions {
  effectiveFrom?: string;
  effectiveTo?: string;
}

/** The start of a calendar date in China (UTC+8), for the effective dates matters carry. */
const chinaDayStart = (date: string, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

/**
 * Draft → review → publish for matters, guide entries and bundles. Drafts are revisions (exchange-format payloads)
 * beside the catalogue tables; publishing applies a payload through the importer, so the public API, the change
 * log and the search index only ever see published versions. Every transition checks the permission matrix
 * against the record's department, compares the revision's version (If-Match), and writes one audit record in
 * its transaction.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly importer: ExchangeImportService,
    private readonly exporter: ExchangeExportService,
    private readonly audit: AuditService,
  ) {}

  // ── reading ────────────────────────────────────────────────────────────────────────────────────────────

  async get(kind: WorkflowKind, code: string, actor: Actor): Promise<RecordView> {
    const m = this.dataSource.manager;
    const { published, open, owner } = await this.load(m, kind, code, false);
    await this.authorize(actor, 'read', kind, code, owner);
    const record = published ? await this.currentPayload(m, kind, code) : null;
    return {
      kind, code, departmentCode: owner,
      published: published ? { status: published.status, version: published.version, archiveReason: published.archiveReason, updatedAt: published.updatedAt, record } : null,
      draft: open ? toRevisionView(open) : null,
    };
  }

  /** Open revisions in the actor's scope (an editor's departments; everything for the reviewer). */
  async list(
    kind: WorkflowKind, q: { state?: RevisionState; departmentCode?: string; page: number; limit: number }, actor: Actor, withPayload = false,
  ): Promise<Page<RevisionView & { code: string; title: string }>> {
    const qb = this.dataSource.getRepository(Revision).createQueryBuilder('r')
      .where('r.kind = :kind', { kind })
      .andWhere('r.state IN (:...states)', { states: q.state ? [q.state] : OPEN_STATES });
    if (q.departmentCode) qb.andWhere('r.department_code = :dc', { dc: q.departmentCode });
    const scope = scopeOf(actor.role, 'read');
    if (!scope) throw new AppError(403, 'FORBIDDEN', '当前角色无权查看待办版本');
    if (scope === 'own') qb.andWhere('r.department_code = ANY(:mine)', { mine: actor.departmentCodes });
    const [rows, total] = await qb.orderBy('r.updated_at', 'DESC').skip((q.page - 1) * q.limit).take(q.limit).getManyAndCount();
    return pageOf(rows.map((r) => ({ code: r.code, title: String(r.payload.name ?? r.payload.title ?? r.code), ...toRevisionView(r, withPayload) })), total, q);
  }

  async history(kind: WorkflowKind, code: string, actor: Actor): Promise<RevisionView[]> {
    const { owner } = await this.load(this.dataSource.manager, kind, code, false);
    await this.authorize(actor, 'history', kind, code, owner);
    const rows = await this.dataSource.getRepository(Revision).find({ where: { kind, code, state: 'published' }, order: { number: 'DESC' } });
    return rows.map((r) => toRevisionView(r, false));
  }

  /** Field-by-field difference between two versions (any revision number, published or open). */
  async diff(kind: WorkflowKind, code: string, from: number, to: number, actor: Actor): Promise<{ from: number; to: number; changes: FieldChange[] }> {
    const { owner } = await this.load(this.dataSource.manager, kind, code, false);
    await this.authorize(actor, 'history', kind, code, owner);
    const repo = this.dataSource.getRepository(Revision);
    const [a, b] = await Promise.all([repo.findOneBy({ kind, code, number: from }), repo.findOneBy({ kind, code, number: to })]);
    if (!a) throw AppError.badRequest('from', `版本 ${from} 不存在`, 'REVISION_NOT_FOUND');
    if (!b) throw AppError.badRequest('to', `版本 ${to} 不存在`, 'REVISION_NOT_FOUND');
    return { from, to, changes: diffRecords(a.payload, b.payload) };
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────────────────

  async create(kind: WorkflowKind, body: object, actor: Actor): Promise<RevisionView> {
    const payload = this.checked(kind, body);
    const owner = this.ownerOf(kind, payload);
    await this.authorize(actor, 'create', kind, payload.code as string, owner);
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`banshi-record:${kind}:${payload.code}`]);
      const [taken] = await m.query(`SELECT 1 FROM ${KIND_INFO[kind].table} WHERE code = $1 UNION ALL SELECT 1 FROM revisions WHERE kind = $2 AND code = $1 LIMIT 1`, [payload.code, kind]);
      if (taken) throw new AppError(409, 'CODE_TAKEN', `${KIND_INFO[kind].label}编码“${payload.code}”已存在`, [{ field: 'code', message: '已存在' }]);
      const rev = await m.save(Revision, {
        kind, code: payload.code as string, departmentCode: owner, number: 1, state: 'draft' as const, payload,
        createdBy: actor.accountId, updatedBy: actor.accountId,
      });
      await this.record(m, actor, kind, 'create', rev.code, { number: 1, departmentCode: owner });
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
      const { published, open, owner } = await this.load(m, kind, code, true);
      await this.authorize(actor, 'update', kind, code, owner);
      if (this.ownerOf(kind, payload) !== owner) throw AppError.badRequest('departmentCode', `已有记录的部门不能修改（应为“${owner}”）`, 'DEPARTMENT_IMMUTABLE');
      if (open) {
        if (open.state !== 'draft' && open.state !== 'returned') throw this.wrongState(open.state, '修改');
        if (open.version !== version) throw staleVersion(open.version);
        const changes = diffRecords(open.payload, payload);
        Object.assign(open, { payload, state: 'draft', version: open.version + 1, updatedBy: actor.accountId, updatedAt: new Date() });
        const saved = await m.save(Revision, open);
        await this.record(m, actor, kind, 'update', code, { number: open.number, changes });
        return toRevisionView(saved);
      }
      if (!published) throw this.notFound(kind);
      if (published.version !== version) throw staleVersion(published.version);
      const base = await this.snapshotPublished(m, kind, code, owner);
      const rev = await m.save(Revision, {
        kind, code, departmentCode: owner, number: base.next, state: 'draft' as const, payload,
        createdBy: actor.accountId, updatedBy: actor.accountId,
      });
      await this.record(m, actor, kind, 'update', code, { number: rev.number, basedOn: base.current, changes: diffRecords(base.payload, payload) });
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
      // References (department, matters, places) must exist before a reviewer sees it: a dry run of the import.
      await this.importer.apply(m, this.documentOf(kind, rev.payload), { dryRun: true });
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
      const payloadFrom = typeof rev.payload.effectiveFrom === 'string' ? chinaDayStart(rev.payload.effectiveFrom) : undefined;
      const payloadTo = typeof rev.payload.effectiveTo === 'string' ? chinaDayStart(rev.payload.effectiveTo, 1) : undefined;
      rev.effectiveFrom = from ?? payloadFrom ?? null;
      rev.effectiveTo = to ?? payloadTo ?? null;
      rev.reviewedBy = actor.accountId;
      if (rev.effectiveFrom && rev.effectiveFrom > new Date()) {
        await this.importer.apply(m, this.documentOf(kind, rev.payload), { dryRun: true });
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
      const { owner, published } = await this.load(m, kind, code, true);
      await this.authorize(actor, 'archive', kind, code, owner);
      await this.archiveRecord(m, kind, code, published, version, reason, actor);
    });
  }

  /** Archives the loaded published row (the staff route and the expiry scheduler share this). */
  private async archiveRecord(
    m: EntityManager, kind: WorkflowKind, code: string, published: PublishedRow | null, version: number, reason: string, actor: AuditActor,
  ): Promise<void> {
    if (!published) throw this.notFound(kind);
    if (published.status !== 'published') throw new AppError(409, 'WRONG_STATE', `该${KIND_INFO[kind].label}当前不是已发布状态`);
    if (published.version !== version) throw staleVersion(published.version);
    await m.query(`UPDATE ${KIND_INFO[kind].table} SET status = 'archived', archive_reason = $2 WHERE code = $1`, [code, reason]);
    await this.record(m, actor, kind, 'archive', code, { reason });
  }

  /** Starts a new draft from an earlier published version. */
  async restore(kind: WorkflowKind, code: string, number: number, actor: Actor): Promise<RevisionView> {
    return this.dataSource.transaction(async (m) => {
      const { open, owner } = await this.load(m, kind, code, true);
      await this.authorize(actor, 'restore', kind, code, owner);
      if (open) throw new AppError(409, 'DRAFT_EXISTS', `已有未发布的版本 ${open.number}（${open.state}），请先处理它`);
      const old = await m.findOneBy(Revision, { kind, code, number, state: 'published' });
      if (!old) throw AppError.badRequest('number', `没有已发布的版本 ${number}`, 'REVISION_NOT_FOUND');
      const base = await this.snapshotPublished(m, kind, code, owner);
      const rev = await m.save(Revision, {
        kind, code, departmentCode: owner, number: base.next, state: 'draft' as const, payload: old.payload,
        createdBy: actor.accountId, updatedBy: actor.accountId,
      });
      await this.record(m, actor, kind, 'restore', code, { from: number, number: rev.number });
      return toRevisionView(rev);
    });
  }

  // ── the scheduler's work ───────────────────────────────────────────────────────────────────────────────

  /** Publishes scheduled revisions that are due and archives records whose effectiveTo passed. */
  async applyDue(actor: AuditActor): Promise<{ published: number; archived: number }> {
    let published = 0;
    let archived = 0;
    const due = await this.dataSource.getRepository(Revision).createQueryBuilder('r')
      .where(`r.state = 'scheduled' AND r.effective_from <= now()`).orderBy('r.effective_from').take(100).getMany();
    for (const { kind, code } of due) {
      await this.dataSource.transaction(async (m) => {
        const rev = await m.findOne(Revision, { where: { kind, code, state: 'scheduled' }, lock: { mode: 'pessimistic_write' } });
        if (!rev || !rev.effectiveFrom || rev.effectiveFrom > new Date()) return;
        await this.apply(m, rev);
        await m.save(Revision, rev);
        await this.record(m, actor, kind, 'publish', code, { number: rev.number, scheduled: rev.effectiveFrom.toISOString() });
        published++;
      });
    }
    for (const kind of Object.keys(KIND_INFO) as WorkflowKind[]) {
      const expired: { code: string; version: number; effective_to: Date }[] = await this.dataSource.query(
        `SELECT t.code, t.version, r.effective_to FROM ${KIND_INFO[kind].table} t
           JOIN LATERAL (SELECT effective_to FROM revisions r WHERE r.kind = $1 AND r.code = t.code AND r.state = 'published'
                          ORDER BY r.number DESC LIMIT 1) r ON true
          WHERE t.status = 'published' AND r.effective_to <= now() LIMIT 100`,
        [kind],
      );
      for (const e of expired) {
        const until = new Date(e.effective_to).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
        await this.dataSource.transaction(async (m) => {
          const { published } = await this.load(m, kind, e.code, true);
          await this.archiveRecord(m, kind, e.code, published, e.version, `已于 ${until} 到期失效`, actor);
        });
        archived++;
      }
    }
    return { published, archived };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────

  /** Writes a revision's payload to the catalogue (published) and marks it published. */
  private async apply(m: EntityManager, rev: Revision): Promise<void> {
    await this.importer.apply(m, this.documentOf(rev.kind, { ...rev.payload, status: 'published' }));
    await m.query(`UPDATE ${KIND_INFO[rev.kind].table} SET archive_reason = NULL WHERE code = $1 AND archive_reason IS NOT NULL`, [rev.code]);
    Object.assign(rev, { state: 'published', publishedAt: new Date() });
  }

  private documentOf(k: WorkflowKind, payload: Payload): ExchangeDocument {
    return exchangeDocument({ [k]: [payload] });
  }

  /**
   * Several transitions of one kind in one transaction (a reviewer publishing a department's imported drafts):
   * all or nothing; the first item that fails names itself in the error, and nothing changes.
   */
  async batch(kind: WorkflowKind, b: BatchRequest, actor: Actor): Promise<{ action: BatchRequest['action']; items: RevisionView[] }> {
    return this.dataSource.transaction(async (m) => {
      const items: RevisionView[] = [];
      for (const [i, { code, version }] of b.items.entries()) {
        try {
          if (b.action === 'submit') items.push(await this.submit(kind, code, version, actor, m));
          else if (b.action === 'withdraw') items.push(await this.withdraw(kind, code, version, actor, m));
          else if (b.action === 'return') items.push(await this.returnToEditor(kind, code, version, b.reason!, actor, m));
          else items.push(await this.publish(kind, code, version, { effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo }, actor, m));
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const details = Array.isArray(e.details) ? { problems: e.details } : e.details;
          throw new AppError(e.status, e.code, `第 ${i + 1} 项（${code}）：${e.message}；整批未做任何修改`, { item: i, code, ...details });
        }
      }
      return { action: b.action, items };
    });
  }

  /** Common shape of a state transition on the open revision (in `within`, or a transaction of its own). */
  private async transition(
    within: EntityManager | undefined, kind: WorkflowKind, code: string, version: number, actor: Actor, action: ContentAction,
    from: RevisionState[], change: (m: EntityManager, rev: Revision) => Promise<Record<string, unknown>>,
  ): Promise<RevisionView> {
    const run = async (m: EntityManager) => {
      const { open, owner } = await this.load(m, kind, code, true);
      await this.authorize(actor, action, kind, code, owner);
      if (!open) throw new AppError(409, 'NO_OPEN_REVISION', `该${KIND_INFO[kind].label}没有待处理的版本`);
      if (!from.includes(open.state)) throw this.wrongState(open.state, ACTION_ZH[action]);
      if (open.version !== version) throw staleVersion(open.version);
      const details = await change(m, open);
      let saved = open;
      if (action !== 'discard') {
        Object.assign(open, { version: open.version + 1, updatedAt: new Date() });
        saved = await m.save(Revision, open);
      }
      await this.record(m, actor, kind, action, code, details);
      return toRevisionView(saved);
    };
    return within ? run(within) : this.dataSource.transaction(run);
  }

  /** The published row and the open revision of a record (locked for update in a write), and its owner. */
  private async load(m: EntityManager, kind: WorkflowKind, code: string, lock: boolean) {
    // Serialises writers of one record (also when it has no row yet to lock); held until the transaction ends.
    if (lock) await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`banshi-record:${kind}:${code}`]);
    const [published]: PublishedRow[] = await m.query(
      `SELECT t.id, t.status, t.version, t.archive_reason AS "archiveReason", t.updated_at AS "updatedAt", d.code AS "departmentCode"
         FROM ${KIND_INFO[kind].table} t LEFT JOIN departments d ON d.id = t.department_id WHERE t.code = $1`,
      [code],
    );
    const open = await m.getRepository(Revision).createQueryBuilder('r')
      .where('r.kind = :kind AND r.code = :code AND r.state IN (:...open)', { kind, code, open: OPEN_STATES })
      .getOne();
    const owner = open?.departmentCode ?? published?.departmentCode;
    if (!published && !open) throw this.notFound(kind);
    if (!owner) throw new AppError(409, 'NO_DEPARTMENT', `该${KIND_INFO[kind].label}没有所属部门，无法在线维护`);
    return { published: published ?? null, open: open ?? null, owner };
  }

  /** Object-level check: a record the actor may not even read is "not found"; otherwise 403. Denials are audited. */
  private async authorize(actor: Actor, action: ContentAction, kind: WorkflowKind, code: string, owner: string): Promise<void> {
    if (allows(actor.role, actor.departmentCodes, action, owner)) return;
    const visible = action !== 'create' && allows(actor.role, actor.departmentCodes, 'read', owner);
    await this.audit.recordAlone({
      actor: toAuditActor(actor), action: `${KIND_INFO[kind].audit}.${action}`, objectType: kind, objectId: code, result: 'denied',
      details: { departmentCode: owner },
    });
    if (!visible && action !== 'create') throw this.notFound(kind);
    throw new AppError(403, 'FORBIDDEN', action === 'create'
      ? `无权为部门“${owner}”创建${KIND_INFO[kind].label}`
      : `无权对该${KIND_INFO[kind].label}执行“${ACTION_ZH[action]}”`);
  }

  private record(m: EntityManager, actor: AuditActor, kind: WorkflowKind, action: string, code: string, details: Record<string, unknown>) {
    const who = 'sessionId' in actor ? toAuditActor(actor as Actor) : actor;
    return this.audit.record(m, { actor: who, action: `${KIND_INFO[kind].audit}.${action}`, objectType: kind, objectId: code, details });
  }

  /** Shape and rules (the importer's), with `status` removed: the workflow decides it. */
  private checked(kind: WorkflowKind, body: object): Payload {
    const plain = JSON.parse(JSON.stringify(body)) as Payload;
    const { problems } = this.importer.validateRecord(kind, plain);
    if (problems.length) throw AppError.invalid(problems);
    delete plain.status;
    return plain;
  }

  private ownerOf(kind: WorkflowKind, payload: Payload): string {
    const dc = payload.departmentCode;
    if (typeof dc !== 'string' || !dc) throw AppError.badRequest('departmentCode', `在线维护的${KIND_INFO[kind].label}必须填写所属部门`);
    return dc;
  }

  /** The current catalogue record in exchange form (without status). */
  private async currentPayload(m: EntityManager, kind: WorkflowKind, code: string): Promise<Payload | null> {
    const loaded = await this.exporter.loadByCodes(m, { [kind]: [code] });
    const record = loaded[kind].get(code) as Payload | undefined;
    if (!record) return null;
    const { status: _s, ...rest } = record;
    return rest;
  }

  /**
   * Makes sure the history holds the version the public sees now (records written by an import have no
   * revision yet) and returns the next revision number.
   */
  private async snapshotPublished(m: EntityManager, kind: WorkflowKind, code: string, owner: string) {
    const [{ max }] = await m.query(`SELECT COALESCE(max(number), 0)::int AS max FROM revisions WHERE kind = $1 AND code = $2`, [kind, code]);
    const latest = await m.findOne(Revision, { where: { kind, code, state: 'published' }, order: { number: 'DESC' } });
    const payload = await this.currentPayload(m, kind, code);
    if (payload && (!latest || fingerprint(latest.payload) !== fingerprint(payload))) {
      await m.save(Revision, { kind, code, departmentCode: owner, number: max + 1, state: 'published' as const, payload, publishedAt: new Date() });
      return { current: max + 1, next: max + 2, payload };
    }
    return { current: latest?.number ?? null, next: max + 1, payload };
  }

  private notFound(kind: WorkflowKind) {
    return AppError.notFound(`${KIND_INFO[kind].audit.toUpperCase()}_NOT_FOUND`, KIND_INFO[kind].label);
  }

  private wrongState(state: RevisionState, what: string) {
    return new AppError(409, 'WRONG_STATE', `当前状态“${STATE_ZH[state]}”下不能${what}`, { state });
  }
}

const STATE_ZH: Record<RevisionState, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', scheduled: '待生效', published: '已发布' };
const ACTION_ZH: Record<ContentAction, string> = {
  read: '查看', create: '新建', update: '修改', discard: '放弃草稿', submit: '提交审核', withdraw: '撤回', publish: '发布',
  return: '退回', archive: '下架', restore: '恢复版本', history: '查看历史',
};
