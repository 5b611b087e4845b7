import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../auth/actor';
import { AppError } from '../common/app-error';
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
  ExchangeBundleDto, ExchangeDepartmentDto, ExchangeDocument, ExchangeDocumentHeaderDto, ExchangeGuideDto,
  ExchangeLocationDto, ExchangeMatterDto,
} from './exchange.dto';
import { MetricsService } from '../metrics/metrics.service';
import { ExchangeExportService } from './exchange-export.service';
import { CATALOGUE_KINDS, CatalogueKind, KINDS as KINDS_INFO, WORKFLOW_KINDS } from './catalogue-kinds';
import {
  bundleRow, canonicalBundle, canonicalDepartment, canonicalGuide, canonicalLocation, canonicalMatter, departmentRow,
  fingerprint, guideRow, IdMaps, locationRow, matterChildRows, matterRow,
} from './exchange-records';

/** A catalogue kind (the registry in catalogue-kinds.ts); the name the importer's callers know it by. */
export type RecordKind = CatalogueKind;
const KINDS = CATALOGUE_KINDS;
const DTO: Record<RecordKind, new () => object> = {
  departments: ExchangeDepartmentDto, locations: ExchangeLocationDto, matters: ExchangeMatterDto,
  guides: ExchangeGuideDto, bundles: ExchangeBundleDto,
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
  return { format: 'banshi-exchange', version: 1, departments: [], locations: [], matters: [], guides: [], bundles: [], ...records } as unknown as ExchangeDocument;
}

export class ImportRejectedError extends AppError {
  constructor(readonly problems: ImportProblem[]) {
    super(422, 'IMPORT_INVALID', `导入文件有 ${problems.length} 处问题，未做任何修改`, { problems });
  }
}

type Progress = (stage: string, done: number, total: number) => void;

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
  async import(input: unknown, options: { dryRun?: boolean; onProgress?: Progress; actor?: AuditActor } = {}): Promise<ImportReport> {
    const doc = this.validate(input);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const report = await this.apply(manager, doc, options);
      if (options.dryRun) throw new DryRunRollback(report);
      if (options.actor) {
        await this.audit.record(manager, { actor: options.actor, action: 'catalogue.import', objectType: 'import', details: { counts: report.counts } });
      }
      return report;
    }).catch((e) => {
      if (e instanceof DryRunRollback) return e.report;
      throw e;
    });
  }

  /**
   * Writes an already validated document inside the caller's transaction: references checked against the file
   * and the database, unchanged records skipped. Used by import() and by workflow publishing.
   */
  async apply(manager: EntityManager, doc: ExchangeDocument, options: { dryRun?: boolean; onProgress?: Progress } = {}): Promise<ImportReport> {
    // One writer at a time: concurrent imports of overlapping codes would otherwise race on "is it new?".
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('banshi-import'))`);
    const existing = await this.existingIds(manager, doc);
    this.checkReferences(doc, existing);
    return this.write(manager, doc, existing, !!options.dryRun, options.onProgress ?? (() => undefined));
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

  /** Shape and rule validation of every record; throws ImportRejectedError listing every problem. */
  validate(input: unknown): ExchangeDocument {
    const problems: ImportProblem[] = [];
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ImportRejectedError([{ record: '文件', field: '', message: '必须是一个 JSON 对象' }]);
    }
    const header = plainToInstance(ExchangeDocumentHeaderDto, input);
    for (const p of flattenValidationErrors(validateSync(header, { whitelist: true, forbidNonWhitelisted: true }))) {
      problems.push({ record: '文件', ...p });
    }
    if (problems.length) throw new ImportRejectedError(problems);

    const raw = input as Record<RecordKind, unknown[] | undefined>;
    const doc = { ...(input as object), departments: [], locations: [], matters: [], guides: [], bundles: [] } as unknown as ExchangeDocument;
    for (const kind of KINDS) {
      const seen = new Map<string, number>();
      (raw[kind] ?? []).forEach((plain, index) => {
        const code = plain && typeof plain === 'object' ? String((plain as { code?: unknown }).code ?? '') : '';
        const record = `${kind}[${index}]${code ? `（${code}）` : ''}`;
        if (!plain || typeof plain !== 'object' || Array.isArray(plain)) {
          problems.push({ record, field: '', message: `每条${KINDS_INFO[kind].label}记录必须是一个对象` });
          return;
        }
        const { dto, problems: recordProblems } = this.validateRecord(kind, plain);
        problems.push(...recordProblems.map((p) => ({ record, ...p })));
        if (code && seen.has(code)) {
          problems.push({ record, field: 'code', message: `编码与 ${kind}[${seen.get(code)}] 重复` });
        }
        seen.set(code, index);
        (doc[kind] as object[]).push(dto);
      });
    }
    if (problems.length) throw new ImportRejectedError(problems);
    return doc;
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
      departments: await load(Department, codesOf(
        doc.departments.map((d) => d.code), doc.departments.map((d) => d.parentCode), doc.locations.map((l) => l.departmentCode),
        doc.matters.map((m) => m.departmentCode), doc.guides.map((g) => g.departmentCode), doc.bundles.map((b) => b.departmentCode),
      )),
      locations: await load(ServiceLocation, codesOf(
        doc.locations.map((l) => l.code), doc.locations.map((l) => l.parentCode),
        doc.matters.flatMap((m) => [...(m.locations ?? []).map((l) => l.locationCode), ...(m.nearbyLocationCodes ?? [])]),
      )),
      matters: await load(ServiceMatter, codesOf(
        doc.matters.map((m) => m.code), doc.guides.map((g) => g.matterCode), doc.bundles.flatMap((b) => b.matterCodes ?? []),
      )),
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

  private async write(manager: EntityManager, doc: ExchangeDocument, ids: IdMaps, dryRun: boolean, progress: Progress): Promise<ImportReport> {
    const counts = Object.fromEntries(KINDS.map((k) => [k, { total: doc[k].length, created: 0, updated: 0, unchanged: 0 }])) as ImportReport['counts'];
    const current = await this.exporter.loadByCodes(manager, {
      departments: doc.departments.map((d) => d.code), locations: doc.locations.map((l) => l.code),
      matters: doc.matters.map((m) => m.code), guides: doc.guides.map((g) => g.code), bundles: doc.bundles.map((b) => b.code),
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
    await upsertByCode(manager, Department, departments.map(({ record, id }) => departmentRow(record, id, ids)));
    progress('locations', 0, locations.length);
    await upsertByCode(manager, ServiceLocation, locations.map(({ record, id }) => locationRow(record, id, ids)));

    const CHUNK = 500;
    for (let i = 0; i < matters.length; i += CHUNK) {
      const chunk = matters.slice(i, i + CHUNK);
      progress('matters', i, matters.length);
      await upsertByCode(manager, ServiceMatter, chunk.map(({ record, id }) => matterRow(record, id, ids)));
      const matterIds = chunk.map((c) => c.id);
      const children = chunk.map(({ record, id }) => matterChildRows(record, id, ids));
      for (const [entity, key] of [[MatterMaterial, 'materials'], [MatterFee, 'fees'], [MatterStep, 'steps'], [MatterFaq, 'faqs'], [MatterLocation, 'locations']] as const) {
        await manager.delete(entity, { matterId: In(matterIds) });
        await insertRows(manager, entity, children.flatMap((c) => c[key]));
      }
    }
    progress('matters', matters.length, matters.length);

    const guideIds = new Map<string, string>();
    progress('guides', 0, guides.length);
    await upsertByCode(manager, GuideEntry, guides.map(({ record, id }) => {
      guideIds.set(record.code, id);
      return guideRow(record, id, ids);
    }));
    progress('bundles', 0, bundles.length);
    await upsertByCode(manager, Bundle, bundles.map(({ record, id }) => bundleRow(record, id, ids)));
    if (bundles.length) {
      await manager.delete(BundleMatter, { bundleId: In(bundles.map((b) => b.id)) });
      await insertRows(manager, BundleMatter, bundles.flatMap(({ record, id }) =>
        (record.matterCodes ?? []).map((code, position) => ({ bundleId: id, matterId: ids.matters.get(code)!, position }))));
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
