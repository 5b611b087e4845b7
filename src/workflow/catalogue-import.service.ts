import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry, AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { allows } from '../auth/permission-matrix';
import { toAuditActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { KINDS as KIND_INFO } from '../exchange/catalogue-kinds';
import {
  exchangeDocument,
  ExchangeImportService,
  ImportProblem,
  importAuditEntries,
  ImportRejectedError,
  omittedNote,
  ProblemList,
  RecordChange,
} from '../exchange/exchange-import.service';
import { canonicalRecord, fingerprint } from '../exchange/exchange-records';
import type { ExchangeDocument } from '../exchange/exchange.dto';
import { CellLocation, readSpreadsheet, sniffUpload, SpreadsheetRejectedError } from '../exchange/spreadsheet';
import type { SpooledUpload } from '../common/upload.interceptor';
import { open, readFile } from 'node:fs/promises';
import { diffRecords } from './revision-diff';
import type { ImportReport } from './import.dto';
import { MetricsService } from '../metrics/metrics.service';
import { completenessProblems } from '../service-matters/completeness';
import { OPEN_STATES, Revision, WORKFLOW_KINDS, WorkflowKind } from './revision.entity';

export interface BulkImportOptions {
  dryRun?: boolean;
  /** Submit every draft the import wrote for review, in the same transaction. */
  submit?: boolean;
  /** The file's name (query parameter); a multipart upload's own file name is used when this is not given. */
  filename?: string;
  /** Called as the import advances (stage, records done, records in the stage). */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** The report of an import (described for OpenAPI in import.dto.ts). */
export type BulkImportReport = ImportReport;

type Located = ImportProblem & Partial<CellLocation>;
const REFERENCE_KINDS = ['departments', 'locations'] as const;
const CHUNK = 1000;

/**
 * POST /api/v1/admin/import: a clerk's XLSX, CSV or exchange JSON, all or nothing. Reference data (departments,
 * locations) is the system administrator's and is applied at once; content (matters, guides, bundles) becomes
 * drafts of the editor's own departments, optionally submitted for review. Every problem is reported with its
 * record, field and — for spreadsheets — sheet, row, column and cell value; a dry run reports and changes nothing.
 * Drafts are written set-based (a few statements per 1,000 records) so 10,000 matters import in seconds.
 */
@Injectable()
export class CatalogueImportService {
  private readonly logger = new Logger(CatalogueImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly importer: ExchangeImportService,
    private readonly exporter: ExchangeExportService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * An uploaded file (spooled to disk by UploadInterceptor): JSON is streamed record by record and never held whole;
   * XLSX and CSV (bounded by the reader's row and size limits) are read into memory. At most IMPORT_MAX_RECORDS
   * records (413 TOO_MANY_RECORDS, before anything is validated); validation pauses for the event loop every few
   * milliseconds so other requests keep being answered; a report lists at most 1,000 problems.
   */
  async importUpload(file: SpooledUpload, options: BulkImportOptions, actor: Actor): Promise<BulkImportReport> {
    const name = { filename: options.filename ?? file.filename, contentType: file.contentType };
    const maxBytes = this.config.IMPORT_MAX_MB * 1024 * 1024;
    const limits = { maxRecords: this.config.IMPORT_MAX_RECORDS };
    if (file.size > maxBytes) throw new SpreadsheetRejectedError('FILE_TOO_LARGE', `文件超过 ${this.config.IMPORT_MAX_MB} MB 的上限`);
    const head = Buffer.alloc(Math.min(file.size, 8192));
    const handle = await open(file.path, 'r');
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    const progress = options.onProgress ?? (() => undefined);
    let read: { format: BulkImportReport['format']; locate: (p: ImportProblem) => CellLocation | undefined };
    let doc: ExchangeDocument;
    if (sniffUpload(head, name) === 'json') {
      read = { format: 'json', locate: () => undefined };
      doc = await this.importer.readExchangeFile(file.path, limits);
      progress('read', 1, 1);
    } else {
      const sheet = await readSpreadsheet(await readFile(file.path), { ...name, limits: { maxBytes } });
      read = sheet;
      progress('read', 1, 1);
      try {
        doc = await this.importer.validateDocument(sheet.document, limits);
      } catch (e) {
        if (e instanceof ImportRejectedError)
          throw new ImportRejectedError(
            e.problems.map((p) => ({ ...p, ...(sheet.locate(p) ?? {}) })),
            e.total,
          );
        throw e;
      }
    }
    const locate = (problems: ImportProblem[]): Located[] => problems.map((p) => ({ ...p, ...(read.locate(p) ?? {}) }));
    return this.importDocument(doc, read.format, locate, { ...options, filename: name.filename }, actor);
  }

  private async importDocument(
    doc: ExchangeDocument,
    format: BulkImportReport['format'],
    locate: (problems: ImportProblem[]) => Located[],
    options: BulkImportOptions,
    actor: Actor,
  ): Promise<BulkImportReport> {
    const progress = options.onProgress ?? (() => undefined);
    this.authorize(doc, actor, locate);
    progress('validate', 1, 1);

    const dryRun = !!options.dryRun;
    const report: BulkImportReport = { dryRun, format, counts: {}, submitted: 0 };
    const started = Date.now();
    const auditActor = toAuditActor(actor);
    const run = async (m: EntityManager) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('banshi-import'))`);
      const reference = exchangeDocument({ departments: doc.departments, locations: doc.locations });
      const changes: RecordChange[] = [];
      if (doc.departments.length || doc.locations.length) {
        const r = await this.importer.apply(m, reference, { dryRun, onProgress: progress, changes });
        for (const k of REFERENCE_KINDS) if (doc[k].length) report.counts[k] = r.counts[k];
      }
      // References of the content (departments, matters, places) must resolve — in the file or the database.
      try {
        await this.importer.checkReferencesOf(m, doc);
      } catch (e) {
        if (e instanceof ImportRejectedError) throw new ImportRejectedError(locate(e.problems), e.total);
        throw e;
      }
      const problems = new ProblemList();
      // Every record the import creates or changes gets its own audit record (written with the import's, below).
      const trail: Omit<AuditEntry, 'actor'>[] = [];
      // Submitting for review needs complete records (the rules WorkflowService.submit applies); drafts need not be.
      if (options.submit) {
        for (const kind of WORKFLOW_KINDS) {
          (doc[kind] as { code: string }[]).forEach((r, i) =>
            completenessProblems(kind, r).forEach((p) => problems.push({ record: `${kind}[${i}]（${r.code}）`, ...p })),
          );
        }
      }
      for (const kind of WORKFLOW_KINDS) {
        if (!doc[kind].length) continue;
        const { counts, drafts } = await this.writeDrafts(m, kind, doc[kind] as unknown as Record<string, unknown>[], actor, problems, progress, (entry) =>
          trail.push(entry),
        );
        report.counts[kind] = counts;
        if (options.submit && drafts.length) {
          await m
            .createQueryBuilder()
            .update(Revision)
            .set({ state: 'submitted', submittedBy: actor.accountId, submittedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' })
            .where({ kind, code: In(drafts), state: In(['draft', 'returned']) })
            .execute();
          report.submitted += drafts.length;
        }
      }
      if (problems.total) throw new ImportRejectedError(locate(problems.listed), problems.total);
      if (!dryRun) {
        const entries = importAuditEntries(auditActor, changes, {
          format,
          filename: options.filename ?? null,
          counts: report.counts,
          submitted: report.submitted,
        });
        await this.audit.recordMany(m, [...entries.slice(0, -1), ...trail.map((e) => ({ ...e, actor: auditActor })), ...entries.slice(-1)]);
      }
    };
    await this.dataSource
      .transaction(async (m) => {
        await run(m);
        if (dryRun) throw new DryRun();
      })
      .catch((e) => {
        if (!(e instanceof DryRun)) throw e;
      });
    if (!dryRun) {
      for (const [k, c] of Object.entries(report.counts)) this.metrics.countImport(k, c.created, c.updated, c.unchanged);
    }
    this.logger.log(`import by ${actor.login}${dryRun ? ' (dry run)' : ''}: ${JSON.stringify(report.counts)} in ${Date.now() - started} ms`);
    return report;
  }

  /** Department and location records need the system administrator; content needs create/update on its department. */
  private authorize(doc: ExchangeDocument, actor: Actor, locate: (p: ImportProblem[]) => Located[]): void {
    const problems = new ProblemList();
    for (const kind of REFERENCE_KINDS) {
      if (doc[kind].length && actor.role !== 'sysadmin') {
        doc[kind].forEach((r, i) => problems.push({ record: `${kind}[${i}]（${r.code}）`, field: 'code', message: '只有系统管理员可以导入部门和服务场所' }));
      }
    }
    for (const kind of WORKFLOW_KINDS) {
      (doc[kind] as { code: string; departmentCode?: string }[]).forEach((r, i) => {
        const owner = r.departmentCode;
        if (!owner)
          problems.push({ record: `${kind}[${i}]（${r.code}）`, field: 'departmentCode', message: `在线维护的${KIND_INFO[kind].label}必须填写所属部门` });
        else if (!allows(actor.role, actor.departmentCodes, 'create', owner)) {
          problems.push({ record: `${kind}[${i}]（${r.code}）`, field: 'departmentCode', message: `无权为部门“${owner}”导入${KIND_INFO[kind].label}` });
        }
      });
    }
    if (problems.total) {
      throw new AppError(403, 'IMPORT_FORBIDDEN', `文件中有 ${problems.total} 条记录超出本人权限，未做任何修改${omittedNote(problems.omitted)}`, {
        problems: locate(problems.listed),
        omitted: problems.omitted,
      });
    }
  }

  /**
   * Upserts drafts by code: new records and changed published records get a new draft revision; an open draft or
   * returned revision is replaced; unchanged records are skipped; a record waiting for review is a problem.
   */
  private async writeDrafts(
    m: EntityManager,
    kind: WorkflowKind,
    records: Record<string, unknown>[],
    actor: Actor,
    problems: ProblemList,
    progress: (stage: string, done: number, total: number) => void,
    audit: (entry: Omit<AuditEntry, 'actor'>) => void,
  ) {
    const action = (op: string) => `${KIND_INFO[kind].audit}.${op}`;
    const counts = { total: records.length, created: 0, updated: 0, unchanged: 0 };
    const drafts: string[] = [];
    for (let i = 0; i < records.length; i += CHUNK) {
      progress(kind, i, records.length);
      // Canonical form (as the export returns it), so an unchanged record is recognised and diffs show real changes.
      const chunk = records.slice(i, i + CHUNK).map((r) => canonicalRecord(kind, JSON.parse(JSON.stringify(r)) as object));
      const codes = chunk.map((r) => r.code as string);
      const [open, published, numbers, latest] = await Promise.all([
        m.find(Revision, { where: { kind, code: In(codes), state: In(OPEN_STATES) } }),
        m.query(
          `SELECT t.code, t.version, t.updated_at AS "updatedAt", d.code AS owner FROM ${KIND_INFO[kind].table} t LEFT JOIN departments d ON d.id = t.department_id WHERE t.code = ANY($1)`,
          [codes],
        ),
        m.query(`SELECT code, max(number)::int AS max FROM revisions WHERE kind = $1 AND code = ANY($2) GROUP BY code`, [kind, codes]),
        m.query(
          `SELECT DISTINCT ON (code) code, payload FROM revisions WHERE kind = $1 AND code = ANY($2) AND state = 'published' ORDER BY code, number DESC`,
          [kind, codes],
        ),
      ]);
      const openBy = new Map(open.map((r) => [r.code, r]));
      const ownerBy = new Map<string, string | null>(published.map((r: { code: string; owner: string | null }) => [r.code, r.owner]));
      const liveBy = new Map<string, { version: number; updatedAt: Date }>(
        published.map((r: { code: string; version: number; updatedAt: Date }) => [r.code, r]),
      );
      const maxBy = new Map<string, number>(numbers.map((r: { code: string; max: number }) => [r.code, r.max]));
      const latestBy = new Map<string, Record<string, unknown>>(latest.map((r: { code: string; payload: Record<string, unknown> }) => [r.code, r.payload]));
      const current = (await this.exporter.loadByCodes(m, { [kind]: codes.filter((c) => ownerBy.has(c)) }))[kind];

      const inserts: Partial<Revision>[] = [];
      const updates: Revision[] = [];
      chunk.forEach((payload, j) => {
        const code = payload.code as string;
        const record = `${kind}[${i + j}]（${code}）`;
        const owner = openBy.get(code)?.departmentCode ?? ownerBy.get(code) ?? null;
        if (owner && owner !== payload.departmentCode) {
          problems.push({ record, field: 'departmentCode', message: `已有记录的部门不能修改（应为“${owner}”）` });
          return;
        }
        const rev = openBy.get(code);
        if (rev) {
          if (rev.state !== 'draft' && rev.state !== 'returned') {
            problems.push({ record, field: 'code', message: `该${KIND_INFO[kind].label}已提交审核或待生效，请先撤回再导入` });
            return;
          }
          if (fingerprint(rev.payload) === fingerprint(payload)) counts.unchanged++;
          else {
            audit({
              action: action('update'),
              objectType: kind,
              objectId: code,
              details: { via: 'import', number: rev.number, changes: diffRecords(rev.payload, payload) },
            });
            Object.assign(rev, { payload, state: 'draft', version: rev.version + 1, updatedBy: actor.accountId, updatedAt: new Date() });
            updates.push(rev);
            counts.updated++;
          }
          drafts.push(code);
          return;
        }
        // Revision numbers are public versions (see WorkflowService.apply): a draft gets the version publishing it makes.
        const max = maxBy.get(code) ?? 0;
        const row = liveBy.get(code);
        let next = Math.max(max, row?.version ?? 0) + 1;
        const live = current.get(code) as Record<string, unknown> | undefined;
        if (live && row) {
          const livePayload = canonicalRecord(kind, live);
          if (fingerprint(livePayload) === fingerprint(payload)) {
            counts.unchanged++;
            return;
          }
          const last = latestBy.get(code);
          if (!last || fingerprint(canonicalRecord(kind, last)) !== fingerprint(livePayload)) {
            // The public version was written outside the workflow (an operations import): history keeps it as it was.
            const number = row.version > max ? row.version : max + 1;
            inserts.push({ kind, code, departmentCode: owner!, number, state: 'published', payload: livePayload, publishedAt: row.updatedAt });
            next = number + 1;
          }
          counts.updated++;
          audit({
            action: action('update'),
            objectType: kind,
            objectId: code,
            details: { via: 'import', number: next, changes: diffRecords(livePayload, payload) },
          });
        } else {
          counts.created++;
          audit({
            action: action('create'),
            objectType: kind,
            objectId: code,
            details: { via: 'import', number: next, departmentCode: payload.departmentCode },
          });
        }
        inserts.push({
          kind,
          code,
          departmentCode: payload.departmentCode as string,
          number: next,
          state: 'draft',
          payload,
          createdBy: actor.accountId,
          updatedBy: actor.accountId,
        });
        drafts.push(code);
      });
      await m.save(Revision, updates, { chunk: 200 });
      // (TypeORM's insert type cannot follow jsonb payloads of unknown shape, hence the cast)
      for (let k = 0; k < inserts.length; k += 500) await m.insert(Revision, inserts.slice(k, k + 500) as unknown as QueryDeepPartialEntity<Revision>[]);
    }
    progress(kind, records.length, records.length);
    return { counts, drafts };
  }
}

class DryRun extends Error {}
