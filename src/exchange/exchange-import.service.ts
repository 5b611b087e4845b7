import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DataSource, EntityManager, In } from 'typeorm';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import { AuditEntry, AuditService } from '../audit/audit.service';
import type { AuditActor } from '../auth/actor';
import { AppError } from '../common/app-error';
import { eventLoopSlices } from '../common/event-loop';
import { FieldProblem, flattenValidationErrors } from '../common/validation';
import { Department } from '../departments/department.entity';
import { GuideEntry } from '../guide-entries/guide-entry.entity';
import { insertRows, upsertByCode } from '../database/bulk-write';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from '../service-matters/matter-parts.entity';
import { completenessProblems } from '../service-matters/completeness';
import { matterQualityNotes, matterRuleProblems } from '../service-matters/matter-rules';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import {
  ExchangeBundleDto,
  ExchangeDepartmentDto,
  ExchangeDocument,
  ExchangeDocumentHeaderDto,
  ExchangeGuideDto,
  ExchangeLocationDto,
  ExchangeMatterDto,
} from './exchange.dto';
import { MetricsService } from '../metrics/metrics.service';
import { ExchangeExportService } from './exchange-export.service';
import { CATALOGUE_KINDS, CatalogueKind, KINDS as KINDS_INFO, WORKFLOW_KINDS } from './catalogue-kinds';
import { ExchangeJsonItem, NotAnObject, readExchangeJson } from './exchange-json-reader';
import {
  bundleRow,
  canonicalBundle,
  canonicalDepartment,
  canonicalGuide,
  canonicalLocation,
  canonicalMatter,
  departmentRow,
  fingerprint,
  guideRow,
  IdMaps,
  locationRow,
  matterChildRows,
  matterRow,
} from './exchange-records';

/** A catalogue kind (the registry in catalogue-kinds.ts); the name the importer's callers know it by. */
export type RecordKind = CatalogueKind;
const KINDS = CATALOGUE_KINDS;
const DTO: Record<RecordKind, new () => object> = {
  departments: ExchangeDepartmentDto,
  locations: ExchangeLocationDto,
  matters: ExchangeMatterDto,
  guides: ExchangeGuideDto,
  bundles: ExchangeBundleDto,
};

/** One problem in an import file: which record, which field, why (in Chinese). */
export interface ImportProblem extends FieldProblem {
  record: string;
}

export interface ImportReport {
  dryRun: boolean;
  counts: Record<RecordKind, { total: number; created: number; updated: number; unchanged: number }>;
  /** Quality notes that do not block the import (e.g. a 行政许可 without FAQ). */
  notes: number;
  /** Content records a citizen could not act on yet (src/service-matters/completeness.ts): warnings here, refused on staff submit. */
  incomplete: number;
}

/** An exchange document holding just the given records (what staff writes of one or a few records go through). */
export function exchangeDocument(records: Partial<Record<RecordKind, object[]>> = {}): ExchangeDocument {
  return {
    format: 'banshi-exchange',
    version: 1,
    departments: [],
    locations: [],
    matters: [],
    guides: [],
    bundles: [],
    ...records,
  } as unknown as ExchangeDocument;
}

/** How many problems a report lists at most (the rest are counted: "还有 N 个问题未列出"). */
export const MAX_LISTED_PROBLEMS = 1000;

/**
 * Problems of an import, listed up to a bound and counted beyond it, so that a file of a million bad records costs
 * a bounded report (and bounded memory), not one entry per problem.
 */
export class ProblemList<P = ImportProblem> {
  readonly listed: P[] = [];
  total = 0;

  constructor(private readonly max = MAX_LISTED_PROBLEMS) {}

  push(...problems: P[]): void {
    for (const p of problems) if (this.listed.length < this.max) this.listed.push(p);
    this.total += problems.length;
  }

  get omitted(): number {
    return this.total - this.listed.length;
  }
}

/** "还有 N 个问题未列出" when a report lists only part of the problems. */
export function omittedNote(omitted: number): string {
  return omitted > 0 ? `（下面只列出前 ${MAX_LISTED_PROBLEMS} 个，还有 ${omitted} 个问题未列出）` : '';
}

export class ImportRejectedError extends AppError {
  readonly problems: ImportProblem[];
  /** How many problems there are (`problems` lists at most MAX_LISTED_PROBLEMS of them). */
  readonly total: number;

  constructor(problems: ImportProblem[], total = problems.length) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const all = Math.max(total, problems.length);
    super(422, 'IMPORT_INVALID', `导入文件有 ${all} 处问题，未做任何修改${omittedNote(all - listed.length)}`, {
      problems: listed,
      omitted: all - listed.length,
    });
    this.problems = listed;
    this.total = all;
  }

  static from(list: ProblemList): ImportRejectedError {
    return new ImportRejectedError(list.listed, list.total);
  }
}

/** Limits of one import request (HTTP); the CLI has none but the bounded report. */
export interface ImportLimits {
  /** Records (of all five kinds together) one file may hold. */
  maxRecords: number;
}

/** 413 before any record is validated: the file holds more records than one import may. */
export function tooManyRecords(count: number | null, max: number): AppError {
  return new AppError(413, 'TOO_MANY_RECORDS', `文件${count === null ? '的记录' : `有 ${count} 条记录，`}超过每次导入 ${max} 条的上限，请分成几个文件导入`, {
    maxRecords: max,
    ...(count === null ? {} : { records: count }),
  });
}

type Progress = (stage: string, done: number, total: number) => void;
type ImportOptions = { dryRun?: boolean; onProgress?: Progress; actor?: AuditActor };

/** A record an import created or changed (for its audit record). */
export interface RecordChange {
  kind: RecordKind;
  code: string;
  op: 'create' | 'update';
}

/** The audit action of a record kind (`department.create`, `matter.update`, …). */
export const AUDIT_NAME: Record<RecordKind, string> = {
  departments: 'department',
  locations: 'location',
  matters: 'matter',
  guides: 'guide',
  bundles: 'bundle',
};

/** One audit entry per created or changed record, then the import's own entry with the counts. */
export function importAuditEntries(actor: AuditActor, changes: RecordChange[], summary: Record<string, unknown>): AuditEntry[] {
  return [
    ...changes.map((c): AuditEntry => ({ actor, action: `${AUDIT_NAME[c.kind]}.${c.op}`, objectType: c.kind, objectId: c.code, details: { via: 'import' } })),
    { actor, action: 'catalogue.import', objectType: 'import', details: summary },
  ];
}

/**
 * Imports an exchange document: validates every record (shape, cross-field rules, references, duplicate codes),
 * and only if all are valid upserts them by code in one transaction. Unchanged records are not written, so a
 * re-import of the same file changes nothing (no new versions, no change-log rows).
 */
@Injectable()
export class ExchangeImportService {
  private readonly logger = new Logger(ExchangeImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly exporter: ExchangeExportService,
    private readonly metrics: MetricsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Validates and imports a whole document in one transaction (all or nothing). `actor` (CLI, staff) gets one
   * audit record in the same transaction; a dry run changes nothing and is not audited.
   */
  async import(input: unknown, options: ImportOptions = {}): Promise<ImportReport> {
    return this.importValidated(this.validate(input), options);
  }

  /**
   * npm run import: streams the file (readExchangeFile) instead of parsing it whole, then imports like import().
   */
  async importFile(path: string, options: ImportOptions = {}): Promise<ImportReport> {
    return this.importValidated(await this.readExchangeFile(path, { maxRecords: Infinity }), options);
  }

  private async importValidated(doc: ExchangeDocument, options: ImportOptions): Promise<ImportReport> {
    return this.dataSource
      .transaction('READ COMMITTED', async (manager) => {
        const changes: RecordChange[] = [];
        const report = await this.apply(manager, doc, { ...options, changes });
        if (options.dryRun) throw new DryRunRollback(report);
        if (options.actor) await this.audit.recordMany(manager, importAuditEntries(options.actor, changes, { counts: report.counts }));
        return report;
      })
      .catch((e) => {
        if (e instanceof DryRunRollback) return e.report;
        throw e;
      });
  }

  /**
   * Reads and validates an exchange JSON file record by record (src/exchange/exchange-json-reader.ts): a first pass
   * counts the records without parsing them (413 as soon as there are more than `maxRecords`), a second parses and
   * validates one record at a time, pausing for the event loop every few milliseconds. Only the validated records are
   * held. Throws JSON_INVALID (400), TOO_MANY_RECORDS (413) or ImportRejectedError (422, bounded report).
   */
  async readExchangeFile(path: string, limits: ImportLimits): Promise<ExchangeDocument> {
    const items = (parse: boolean) => readExchangeJson(createReadStream(path, { highWaterMark: 256 * 1024 }), { parse });
    try {
      let records = 0;
      for await (const item of items(false)) {
        if (item.type === 'record' && ++records > limits.maxRecords) throw tooManyRecords(null, limits.maxRecords);
      }
      return await this.validateItems(items(true));
    } catch (e) {
      if (e instanceof NotAnObject) throw new ImportRejectedError([{ record: '文件', field: '', message: '必须是一个 JSON 对象' }]);
      throw e;
    }
  }

  /** validate() for a document already in memory (a read spreadsheet), without holding the event loop. */
  async validateDocument(input: unknown, limits: ImportLimits): Promise<ExchangeDocument> {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ImportRejectedError([{ record: '文件', field: '', message: '必须是一个 JSON 对象' }]);
    }
    const raw = input as Record<string, unknown>;
    const count = KINDS.reduce((n, k) => n + (Array.isArray(raw[k]) ? (raw[k] as unknown[]).length : 0), 0);
    if (count > limits.maxRecords) throw tooManyRecords(count, limits.maxRecords);
    return this.validateItems(documentItems(raw));
  }

  /**
   * Writes an already validated document inside the caller's transaction: references checked against the file
   * and the database, unchanged records skipped. Used by import() and by workflow publishing.
   */
  async apply(
    manager: EntityManager,
    doc: ExchangeDocument,
    options: { dryRun?: boolean; onProgress?: Progress; changes?: RecordChange[] } = {},
  ): Promise<ImportReport> {
    // One writer at a time: concurrent imports of overlapping codes would otherwise race on "is it new?".
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('banshi-import'))`);
    const existing = await this.existingIds(manager, doc);
    this.checkReferences(doc, existing);
    return this.write(manager, doc, existing, !!options.dryRun, options.onProgress ?? (() => undefined), options.changes);
  }

  /**
   * Checks that every code the document points at exists in the file or the database (ImportRejectedError if not),
   * without comparing or writing anything — what apply() with dryRun does, minus loading and copying every record.
   */
  async checkReferencesOf(manager: EntityManager, doc: ExchangeDocument): Promise<void> {
    this.checkReferences(doc, await this.existingIds(manager, doc));
  }

  /** Shape and cross-field rule problems of one record of `kind` (plain JSON), and the validated DTO. */
  validateRecord(kind: RecordKind, plain: unknown): { dto: object; problems: FieldProblem[] } {
    if (!plain || typeof plain !== 'object' || Array.isArray(plain)) {
      return { dto: {}, problems: [{ field: '', message: `每条${KINDS_INFO[kind].label}记录必须是一个对象` }] };
    }
    const dto = plainToInstance(DTO[kind], plain);
    const problems = flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
    if (kind === 'matters' && problems.length === 0) problems.push(...matterRuleProblems(dto as ExchangeMatterDto));
    if (kind === 'locations' && problems.length === 0) {
      const l = dto as ExchangeLocationDto;
      if ((l.lat === undefined || l.lat === null) !== (l.lng === undefined || l.lng === null)) {
        problems.push({ field: l.lat === undefined || l.lat === null ? 'lat' : 'lng', message: '经度和纬度必须同时填写' });
      }
    }
    return { dto, problems };
  }

  /** Shape and rule validation of every record (small documents: staff saves, seeds); throws ImportRejectedError. */
  validate(input: unknown): ExchangeDocument {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ImportRejectedError([{ record: '文件', field: '', message: '必须是一个 JSON 对象' }]);
    }
    const check = this.checker();
    for (const item of documentItems(input as Record<string, unknown>)) check.add(item);
    return check.finish();
  }

  /** Validates a stream of top-level fields and records, pausing for the event loop every few milliseconds. */
  private async validateItems(items: AsyncIterable<ExchangeJsonItem> | Iterable<ExchangeJsonItem>): Promise<ExchangeDocument> {
    const check = this.checker();
    const pause = eventLoopSlices();
    for await (const item of items) {
      check.add(item);
      await pause();
    }
    return check.finish();
  }

  /**
   * The checks of one document, fed one item at a time: header fields are collected and checked at the end, each
   * record is validated (shape, rules, duplicate codes) as it arrives and only its validated form is kept.
   */
  private checker() {
    const problems = new ProblemList();
    const header: Record<string, unknown> = {};
    const doc = { departments: [], locations: [], matters: [], guides: [], bundles: [] } as unknown as ExchangeDocument;
    const seen = Object.fromEntries(KINDS.map((k) => [k, new Map<string, number>()])) as Record<RecordKind, Map<string, number>>;
    return {
      add: (item: ExchangeJsonItem) => {
        if (item.type === 'field') {
          header[item.key] = item.value;
          return;
        }
        const { kind, index, value: plain } = item;
        const code = plain && typeof plain === 'object' ? String((plain as { code?: unknown }).code ?? '') : '';
        const record = `${kind}[${index}]${code ? `（${code}）` : ''}`;
        if (!plain || typeof plain !== 'object' || Array.isArray(plain)) {
          problems.push({ record, field: '', message: `每条${KINDS_INFO[kind].label}记录必须是一个对象` });
          return;
        }
        const { dto, problems: recordProblems } = this.validateRecord(kind, plain);
        problems.push(...recordProblems.map((p) => ({ record, ...p })));
        if (code && seen[kind].has(code)) problems.push({ record, field: 'code', message: `编码与 ${kind}[${seen[kind].get(code)}] 重复` });
        seen[kind].set(code, index);
        if (!problems.total) (doc[kind] as object[]).push(dto); // once the file is refused, nothing more is kept
      },
      finish: (): ExchangeDocument => {
        const headerDto = plainToInstance(ExchangeDocumentHeaderDto, {
          ...header,
          ...Object.fromEntries(KINDS.filter((k) => !(k in header)).map((k) => [k, []])),
        });
        const headerProblems = flattenValidationErrors(validateSync(headerDto, { whitelist: true, forbidNonWhitelisted: true }));
        if (headerProblems.length) {
          const all = new ProblemList();
          all.push(...headerProblems.map((p) => ({ record: '文件', ...p })), ...problems.listed);
          throw new ImportRejectedError(all.listed, headerProblems.length + problems.total);
        }
        if (problems.total) throw ImportRejectedError.from(problems);
        const { departments: _d, locations: _l, matters: _m, guides: _g, bundles: _b, ...rest } = header;
        return { ...rest, ...doc } as ExchangeDocument;
      },
    };
  }

  private async existingIds(manager: EntityManager, doc: ExchangeDocument): Promise<IdMaps> {
    const codesOf = (...lists: (string | undefined)[][]) => [...new Set(lists.flat().filter((c): c is string => !!c))];
    const load = async (entity: typeof Department | typeof ServiceLocation | typeof ServiceMatter, codes: string[]) => {
      const map = new Map<string, string>();
      for (let i = 0; i < codes.length; i += 5000) {
        const rows = await manager.find(entity, { select: { id: true, code: true }, where: { code: In(codes.slice(i, i + 5000)) } });
        for (const r of rows) map.set(r.code, r.id);
      }
      return map;
    };
    return {
      departments: await load(
        Department,
        codesOf(
          doc.departments.map((d) => d.code),
          doc.departments.map((d) => d.parentCode),
          doc.locations.map((l) => l.departmentCode),
          doc.matters.map((m) => m.departmentCode),
          doc.guides.map((g) => g.departmentCode),
          doc.bundles.map((b) => b.departmentCode),
        ),
      ),
      locations: await load(
        ServiceLocation,
        codesOf(
          doc.locations.map((l) => l.code),
          doc.locations.map((l) => l.parentCode),
          doc.matters.flatMap((m) => [...(m.locations ?? []).map((l) => l.locationCode), ...(m.nearbyLocationCodes ?? [])]),
        ),
      ),
      matters: await load(
        ServiceMatter,
        codesOf(
          doc.matters.map((m) => m.code),
          doc.guides.map((g) => g.matterCode),
          doc.bundles.flatMap((b) => b.matterCodes ?? []),
        ),
      ),
    };
  }

  /** Every code a record points at must exist in the file or in the database. */
  private checkReferences(doc: ExchangeDocument, existing: IdMaps): void {
    const inFile = {
      departments: new Set(doc.departments.map((d) => d.code)),
      locations: new Set(doc.locations.map((l) => l.code)),
      matters: new Set(doc.matters.map((m) => m.code)),
    };
    const known = (kind: keyof typeof inFile, code: string) => inFile[kind].has(code) || existing[kind].has(code);
    const problems: ImportProblem[] = [];
    const check = (record: string, field: string, kind: keyof typeof inFile, code: string | undefined, what: string) => {
      if (code && !known(kind, code)) problems.push({ record, field, message: `引用的${what}“${code}”在文件和数据库中都不存在` });
    };
    doc.departments.forEach((d, i) => {
      check(`departments[${i}]（${d.code}）`, 'parentCode', 'departments', d.parentCode, '上级部门');
      if (d.parentCode === d.code) problems.push({ record: `departments[${i}]（${d.code}）`, field: 'parentCode', message: '上级部门不能是自己' });
    });
    doc.locations.forEach((l, i) => {
      check(`locations[${i}]（${l.code}）`, 'departmentCode', 'departments', l.departmentCode, '部门');
      check(`locations[${i}]（${l.code}）`, 'parentCode', 'locations', l.parentCode, '上级场所');
    });
    doc.matters.forEach((m, i) => {
      const r = `matters[${i}]（${m.code}）`;
      check(r, 'departmentCode', 'departments', m.departmentCode, '实施部门');
      m.locations?.forEach((l, j) => check(r, `locations[${j}].locationCode`, 'locations', l.locationCode, '办理地点'));
      m.nearbyLocationCodes?.forEach((c, j) => check(r, `nearbyLocationCodes[${j}]`, 'locations', c, '就近办理点'));
    });
    doc.guides.forEach((g, i) => {
      check(`guides[${i}]（${g.code}）`, 'departmentCode', 'departments', g.departmentCode, '编制单位');
      check(`guides[${i}]（${g.code}）`, 'matterCode', 'matters', g.matterCode, '关联事项');
    });
    doc.bundles.forEach((b, i) => {
      check(`bundles[${i}]（${b.code}）`, 'departmentCode', 'departments', b.departmentCode, '牵头部门');
      b.matterCodes?.forEach((c, j) => check(`bundles[${i}]（${b.code}）`, `matterCodes[${j}]`, 'matters', c, '事项'));
    });
    if (problems.length) throw new ImportRejectedError(problems);
  }

  private async write(
    manager: EntityManager,
    doc: ExchangeDocument,
    ids: IdMaps,
    dryRun: boolean,
    progress: Progress,
    changes?: RecordChange[],
  ): Promise<ImportReport> {
    const counts = Object.fromEntries(KINDS.map((k) => [k, { total: doc[k].length, created: 0, updated: 0, unchanged: 0 }])) as ImportReport['counts'];
    const current = await this.exporter.loadByCodes(manager, {
      departments: doc.departments.map((d) => d.code),
      locations: doc.locations.map((l) => l.code),
      matters: doc.matters.map((m) => m.code),
      guides: doc.guides.map((g) => g.code),
      bundles: doc.bundles.map((b) => b.code),
    });
    /** Keeps the records that are new or differ from the database, and assigns ids to new ones. */
    const changed = <T extends { code: string }>(kind: RecordKind, records: T[], idMap: Map<string, string> | null) => {
      const out: { record: T; id: string }[] = [];
      for (const record of records) {
        const before = current[kind].get(record.code);
        if (before && fingerprint(before) === fingerprint(record)) {
          counts[kind].unchanged++;
          continue;
        }
        const id = (idMap?.get(record.code) ?? current.ids[kind].get(record.code)) || randomUUID();
        idMap?.set(record.code, id);
        counts[kind][before ? 'updated' : 'created']++;
        changes?.push({ kind, code: record.code, op: before ? 'update' : 'create' });
        out.push({ record, id });
      }
      return out;
    };

    // Parents before children within a kind, so self-references resolve inside one statement chunk.
    const departments = changed('departments', topological(doc.departments.map(canonicalDepartment)), ids.departments);
    const locations = changed('locations', topological(doc.locations.map(canonicalLocation)), ids.locations);
    const matters = changed('matters', doc.matters.map(canonicalMatter), ids.matters);
    const guides = changed('guides', doc.guides.map(canonicalGuide), null);
    const bundles = changed('bundles', doc.bundles.map(canonicalBundle), null);
    const notes = doc.matters.reduce((n, m) => n + matterQualityNotes(m).length, 0);
    // The operations import publishes directly: incomplete records are reported, not refused (staff submit refuses them).
    const incomplete = WORKFLOW_KINDS.reduce((n, k) => n + (doc[k] as object[]).filter((r) => completenessProblems(k, r).length).length, 0);
    if (dryRun) return { dryRun, counts, notes, incomplete };

    progress('departments', 0, departments.length);
    await upsertByCode(
      manager,
      Department,
      departments.map(({ record, id }) => departmentRow(record, id, ids)),
    );
    progress('locations', 0, locations.length);
    await upsertByCode(
      manager,
      ServiceLocation,
      locations.map(({ record, id }) => locationRow(record, id, ids)),
    );

    const CHUNK = 500;
    for (let i = 0; i < matters.length; i += CHUNK) {
      const chunk = matters.slice(i, i + CHUNK);
      progress('matters', i, matters.length);
      await upsertByCode(
        manager,
        ServiceMatter,
        chunk.map(({ record, id }) => matterRow(record, id, ids)),
      );
      const matterIds = chunk.map((c) => c.id);
      const children = chunk.map(({ record, id }) => matterChildRows(record, id, ids));
      for (const [entity, key] of [
        [MatterMaterial, 'materials'],
        [MatterFee, 'fees'],
        [MatterStep, 'steps'],
        [MatterFaq, 'faqs'],
        [MatterLocation, 'locations'],
      ] as const) {
        await manager.delete(entity, { matterId: In(matterIds) });
        await insertRows(
          manager,
          entity,
          children.flatMap((c) => c[key]),
        );
      }
    }
    progress('matters', matters.length, matters.length);

    const guideIds = new Map<string, string>();
    progress('guides', 0, guides.length);
    await upsertByCode(
      manager,
      GuideEntry,
      guides.map(({ record, id }) => {
        guideIds.set(record.code, id);
        return guideRow(record, id, ids);
      }),
    );
    progress('bundles', 0, bundles.length);
    await upsertByCode(
      manager,
      Bundle,
      bundles.map(({ record, id }) => bundleRow(record, id, ids)),
    );
    if (bundles.length) {
      await manager.delete(BundleMatter, { bundleId: In(bundles.map((b) => b.id)) });
      await insertRows(
        manager,
        BundleMatter,
        bundles.flatMap(({ record, id }) => (record.matterCodes ?? []).map((code, position) => ({ bundleId: id, matterId: ids.matters.get(code)!, position }))),
      );
    }
    this.logger.log(`import: ${KINDS.map((k) => `${k} +${counts[k].created} ~${counts[k].updated} =${counts[k].unchanged}`).join(', ')}`);
    KINDS.forEach((k) => this.metrics.countImport(k, counts[k].created, counts[k].updated, counts[k].unchanged));
    return { dryRun, counts, notes, incomplete };
  }
}

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/** Orders records so that a record's parentCode (if in the same list) comes before it. */
function topological<T extends { code: string; parentCode?: string }>(records: T[]): T[] {
  const byCode = new Map(records.map((r) => [r.code, r]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: T) => {
    if (state.get(r.code) === 'done' || state.get(r.code) === 'visiting') return;
    state.set(r.code, 'visiting');
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent) visit(parent);
    state.set(r.code, 'done');
    out.push(r);
  };
  records.forEach(visit);
  return out;
}

/** The top-level fields and records of a document in memory, as readExchangeJson yields them from a file. */
function* documentItems(input: Record<string, unknown>): Generator<ExchangeJsonItem> {
  for (const [key, value] of Object.entries(input)) {
    if (!(KINDS as readonly string[]).includes(key) || !Array.isArray(value)) {
      yield { type: 'field', key, value };
      continue;
    }
    for (let index = 0; index < value.length; index++) yield { type: 'record', kind: key as RecordKind, index, value: value[index] };
  }
}
