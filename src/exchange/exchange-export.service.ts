import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import { Department } from '../departments/department.entity';
import { GuideEntry } from '../guide-entries/guide-entry.entity';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from '../service-matters/matter-parts.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import {
  ExchangeBundleDto, ExchangeDepartmentDto, ExchangeDocument, ExchangeGuideDto, ExchangeLocationDto, ExchangeMatterDto,
} from './exchange.dto';
import {
  bundleToExchange, CodeMaps, departmentToExchange, guideToExchange, locationToExchange, MatterParts, matterToExchange,
} from './exchange-records';

export type Kind = 'departments' | 'locations' | 'matters' | 'guides' | 'bundles';
export const EXPORT_KINDS: Kind[] = ['departments', 'locations', 'matters', 'guides', 'bundles'];
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

/** Reads catalogue records back into the exchange format (export, and the importer's change detection). */
@Injectable()
export class ExchangeExportService {
  constructor(private readonly dataSource: DataSource) {}

  async exportAll(options: { status?: 'published' } = {}): Promise<ExchangeDocument> {
    const doc: ExchangeDocument = {
      format: 'banshi-exchange', version: 1, generatedAt: new Date().toISOString(),
      departments: [], locations: [], matters: [], guides: [], bundles: [],
    };
    for (const kind of EXPORT_KINDS) {
      for await (const record of this.stream(kind, options)) (doc[kind] as object[]).push(record);
    }
    return doc;
  }

  /**
   * The records of one kind in code order, read a batch at a time (keyset pagination), so an export of the
   * whole catalogue keeps memory flat. `departmentCode` narrows matters, guides, locations and bundles.
   */
  async *stream(kind: Kind, options: { status?: 'published'; departmentCode?: string } = {}): AsyncGenerator<object> {
    const table = { departments: 'departments', locations: 'service_locations', matters: 'service_matters', guides: 'guide_entries', bundles: 'bundles' }[kind];
    const byDepartment = options.departmentCode
      ? kind === 'departments'
        ? `AND t.code = $3`
        : `AND t.department_id = (SELECT id FROM departments WHERE code = $3)`
      : `AND $3::text IS NULL`;
    for (let after = ''; ; ) {
      const rows: { code: string }[] = await this.dataSource.query(
        `SELECT t.code FROM ${table} t WHERE t.code > $1 AND ($2::text IS NULL OR t.status = $2) ${byDepartment}
         ORDER BY t.code LIMIT ${STREAM_BATCH}`,
        [after, options.status ?? null, options.departmentCode ?? null],
      );
      if (!rows.length) return;
      const loaded = await this.load(this.dataSource.manager, { [kind]: rows.map((r) => r.code) }, options.status);
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
    await fillCodes(Department, codeMaps.departments, idsOf([
      ...departments.flatMap((d) => [d.id, d.parentId]), ...locations.map((l) => l.departmentId),
      ...matters.map((m) => m.departmentId), ...guides.map((g) => g.departmentId), ...bundles.map((b) => b.departmentId),
    ]));
    await fillCodes(ServiceLocation, codeMaps.locations, idsOf([
      ...locations.flatMap((l) => [l.id, l.parentId]), ...[...parts.values()].flatMap((p) => p.locations.map((l) => l.locationId)),
    ]));
    await fillCodes(ServiceMatter, codeMaps.matters, idsOf([...matterIds, ...guides.map((g) => g.matterId), ...bundleLinks.map((b) => b.matterId)]));

    const empty: MatterParts = { materials: [], fees: [], steps: [], faqs: [], locations: [] };
    return {
      departments: new Map(departments.map((d) => [d.code, departmentToExchange(d, codeMaps)])),
      locations: new Map(locations.map((l) => [l.code, locationToExchange(l, codeMaps)])),
      matters: new Map(matters.map((m) => [m.code, matterToExchange(m, parts.get(m.id) ?? empty, codeMaps)])),
      guides: new Map(guides.map((g) => [g.code, guideToExchange(g, codeMaps)])),
      bundles: new Map(bundles.map((b) => [b.code, bundleToExchange(b, bundleLinks.filter((l) => l.bundleId === b.id).map((l) => l.matterId), codeMaps)])),
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
