import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { streamWriter } from '../common/streaming';
import type { ExportQueryDto } from './export-query.dto';
import { csvField } from './spreadsheet-cells';
import { CSV_COLUMNS } from './spreadsheet/csv-columns';
import { XLSX_CONTENT_TYPE } from './spreadsheet/spreadsheet-template';
import { writeWorkbook } from './spreadsheet/spreadsheet-writer';
import { DataSource, EntityManager, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import { Department } from '../departments/department.entity';
import { GuideEntry } from '../guide-entries/guide-entry.entity';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from '../service-matters/matter-parts.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { CATALOGUE_KINDS, CatalogueKind, KINDS } from './catalogue-kinds';
import { ExchangeBundleDto, ExchangeDepartmentDto, ExchangeDocument, ExchangeGuideDto, ExchangeLocationDto, ExchangeMatterDto } from './exchange.dto';
import { bundleToExchange, CodeMaps, departmentToExchange, guideToExchange, locationToExchange, MatterParts, matterToExchange } from './exchange-records';

export type Kind = CatalogueKind;
export const EXPORT_KINDS: Kind[] = [...CATALOGUE_KINDS];
const STREAM_BATCH = 500;
export type CodeSelection = Partial<Record<Kind, string[]>>;

export interface LoadedRecords {
  departments: Map<string, ExchangeDepartmentDto>;
  locations: Map<string, ExchangeLocationDto>;
  matters: Map<string, ExchangeMatterDto>;
  guides: Map<string, ExchangeGuideDto>;
  bundles: Map<string, ExchangeBundleDto>;
  ids: Record<Kind, Map<string, string>>;
}

const BATCH = 2000;

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: XLSX_CONTENT_TYPE,
};
const exportedKinds = (q: ExportQueryDto): Kind[] => (q.kind ? [q.kind] : q.format === 'csv' ? ['matters'] : EXPORT_KINDS);

/** Reads catalogue records back into the exchange format (export, and the importer's change detection). */
@Injectable()
export class ExchangeExportService {
  constructor(private readonly dataSource: DataSource) {}

  async exportAll(options: { status?: 'published' } = {}): Promise<ExchangeDocument> {
    const doc: ExchangeDocument = {
      format: 'banshi-exchange',
      version: 1,
      generatedAt: new Date().toISOString(),
      departments: [],
      locations: [],
      matters: [],
      guides: [],
      bundles: [],
    };
    for (const kind of EXPORT_KINDS) {
      for await (const record of this.stream(kind, options)) (doc[kind] as object[]).push(record);
    }
    return doc;
  }

  /** Content type and file name of GET /api/v1/export. */
  publishedExportFile(q: ExportQueryDto): { contentType: string; filename: string } {
    const kinds = exportedKinds(q);
    return { contentType: CONTENT_TYPES[q.format], filename: `banshi-${kinds.length === 1 ? kinds[0] : 'catalogue'}.${q.format}` };
  }

  /**
   * Streams the published catalogue to `res` in the asked format and ends it: json is the exchange format
   * (re-importable), ndjson one `{ kind, record }` a line, csv one kind as a table (cells neutralised against
   * formula injection), xlsx the import workbook.
   */
  async writePublished(res: Response, q: ExportQueryDto, source: DataSource = this.dataSource): Promise<void> {
    const kinds = exportedKinds(q);
    const options = { status: 'published' as const, departmentCode: q.departmentCode, source };
    if (q.format === 'xlsx') {
      // The writer ends the response when the workbook is complete.
      await writeWorkbook(res, (kind) => (kinds.includes(kind) ? this.stream(kind, options) : []));
      return;
    }
    const write = streamWriter(res);
    if (q.format === 'json') {
      await write(`{"format":"banshi-exchange","version":1,"generatedAt":${JSON.stringify(new Date().toISOString())}`);
      for (const kind of EXPORT_KINDS) {
        await write(`,${JSON.stringify(kind)}:[`);
        let first = true;
        if (kinds.includes(kind)) {
          for await (const record of this.stream(kind, options)) {
            await write(`${first ? '' : ','}\n${JSON.stringify(record)}`);
            first = false;
          }
        }
        await write(']');
      }
      await write('}\n');
    } else if (q.format === 'ndjson') {
      for (const kind of kinds) {
        for await (const record of this.stream(kind, options)) await write(`${JSON.stringify({ kind, record })}\n`);
      }
    } else {
      const columns = CSV_COLUMNS[kinds[0]];
      await write(`\ufeff${columns.join(',')}\r\n`); // BOM: Excel opens UTF-8 CSV correctly
      for await (const record of this.stream(kinds[0], options)) {
        await write(`${columns.map((c) => csvField((record as Record<string, unknown>)[c])).join(',')}\r\n`);
      }
    }
    res.end();
  }

  /**
   * The records of one kind in code order, read a batch at a time (keyset pagination), so an export of the
   * whole catalogue keeps memory flat. `departmentCode` narrows matters, guides, locations and bundles.
   */
  async *stream(kind: Kind, options: { status?: 'published'; departmentCode?: string; source?: DataSource } = {}): AsyncGenerator<object> {
    // `source`: the read replica for public exports (export.public.controller.ts), else the primary.
    const source = options.source ?? this.dataSource;
    const table = KINDS[kind].table;
    const byDepartment = options.departmentCode
      ? kind === 'departments'
        ? `AND t.code = $3`
        : `AND t.department_id = (SELECT id FROM departments WHERE code = $3)`
      : `AND $3::text IS NULL`;
    for (let after = ''; ;) {
      const rows: { code: string }[] = await source.query(
        `SELECT t.code FROM ${table} t WHERE t.code > $1 AND ($2::text IS NULL OR t.status = $2) ${byDepartment}
         ORDER BY t.code LIMIT ${STREAM_BATCH}`,
        [after, options.status ?? null, options.departmentCode ?? null],
      );
      if (!rows.length) return;
      const loaded = await this.load(source.manager, { [kind]: rows.map((r) => r.code) }, options.status);
      for (const r of rows) {
        const record = loaded[kind].get(r.code);
        if (record) yield record;
      }
      after = rows[rows.length - 1].code;
    }
  }

  loadByCodes(manager: EntityManager, codes: CodeSelection): Promise<LoadedRecords> {
    return this.load(manager, codes);
  }

  private async load(manager: EntityManager, codes?: CodeSelection, status?: 'published'): Promise<LoadedRecords> {
    const find = async <E extends ObjectLiteral>(entity: new () => E, kind: Kind): Promise<E[]> => {
      const base = (status ? { status } : {}) as FindOptionsWhere<E>;
      if (!codes) return manager.find(entity, { where: base, order: { code: 'ASC' } as never });
      const list = codes[kind] ?? [];
      const out: E[] = [];
      for (let i = 0; i < list.length; i += BATCH) {
        out.push(...(await manager.find(entity, { where: { ...base, code: In(list.slice(i, i + BATCH)) } as FindOptionsWhere<E> })));
      }
      return out;
    };
    const departments = await find(Department, 'departments');
    const locations = await find(ServiceLocation, 'locations');
    const matters = await find(ServiceMatter, 'matters');
    const guides = await find(GuideEntry, 'guides');
    const bundles = await find(Bundle, 'bundles');

    // id → code for everything these records point at
    const codeMaps: CodeMaps = { departments: new Map(), locations: new Map(), matters: new Map() };
    const idsOf = (list: (string | null | undefined)[]) => [...new Set(list.filter((x): x is string => !!x))];
    const fillCodes = async (entity: typeof Department | typeof ServiceLocation | typeof ServiceMatter, map: Map<string, string>, ids: string[]) => {
      for (let i = 0; i < ids.length; i += BATCH) {
        const rows = await manager.find(entity, { select: { id: true, code: true }, where: { id: In(ids.slice(i, i + BATCH)) } });
        for (const r of rows) map.set(r.id, r.code);
      }
    };
    const matterIds = matters.map((m) => m.id);
    const parts = await this.loadParts(manager, matterIds);
    const bundleLinks = bundles.length
      ? await manager.find(BundleMatter, { where: { bundleId: In(bundles.map((b) => b.id)) }, order: { position: 'ASC' } })
      : [];
    await fillCodes(
      Department,
      codeMaps.departments,
      idsOf([
        ...departments.flatMap((d) => [d.id, d.parentId]),
        ...locations.map((l) => l.departmentId),
        ...matters.map((m) => m.departmentId),
        ...guides.map((g) => g.departmentId),
        ...bundles.map((b) => b.departmentId),
      ]),
    );
    await fillCodes(
      ServiceLocation,
      codeMaps.locations,
      idsOf([...locations.flatMap((l) => [l.id, l.parentId]), ...[...parts.values()].flatMap((p) => p.locations.map((l) => l.locationId))]),
    );
    await fillCodes(ServiceMatter, codeMaps.matters, idsOf([...matterIds, ...guides.map((g) => g.matterId), ...bundleLinks.map((b) => b.matterId)]));

    const empty: MatterParts = { materials: [], fees: [], steps: [], faqs: [], locations: [] };
    return {
      departments: new Map(departments.map((d) => [d.code, departmentToExchange(d, codeMaps)])),
      locations: new Map(locations.map((l) => [l.code, locationToExchange(l, codeMaps)])),
      matters: new Map(matters.map((m) => [m.code, matterToExchange(m, parts.get(m.id) ?? empty, codeMaps)])),
      guides: new Map(guides.map((g) => [g.code, guideToExchange(g, codeMaps)])),
      bundles: new Map(
        bundles.map((b) => [
          b.code,
          bundleToExchange(
            b,
            bundleLinks.filter((l) => l.bundleId === b.id).map((l) => l.matterId),
            codeMaps,
          ),
        ]),
      ),
      ids: {
        departments: new Map(departments.map((d) => [d.code, d.id])),
        locations: new Map(locations.map((l) => [l.code, l.id])),
        matters: new Map(matters.map((m) => [m.code, m.id])),
        guides: new Map(guides.map((g) => [g.code, g.id])),
        bundles: new Map(bundles.map((b) => [b.code, b.id])),
      },
    };
  }

  /** Materials, fees, steps, FAQs and places of the given matters, grouped by matter. */
  async loadParts(manager: EntityManager, matterIds: string[]): Promise<Map<string, MatterParts>> {
    const out = new Map<string, MatterParts>();
    const slot = (id: string) => {
      let p = out.get(id);
      if (!p) out.set(id, (p = { materials: [], fees: [], steps: [], faqs: [], locations: [] }));
      return p;
    };
    for (let i = 0; i < matterIds.length; i += BATCH) {
      const where = { matterId: In(matterIds.slice(i, i + BATCH)) };
      for (const m of await manager.find(MatterMaterial, { where })) slot(m.matterId).materials.push(m);
      for (const f of await manager.find(MatterFee, { where })) slot(f.matterId).fees.push(f);
      for (const s of await manager.find(MatterStep, { where })) slot(s.matterId).steps.push(s);
      for (const q of await manager.find(MatterFaq, { where })) slot(q.matterId).faqs.push(q);
      for (const l of await manager.find(MatterLocation, { where })) slot(l.matterId).locations.push(l);
    }
    return out;
  }
}
