import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Bundle, BundleMatter } from '../bundles/bundle.entity';
import type { ChangeEntityType } from '../change-log/change.entity';
import { Department } from '../departments/department.entity';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { GuideEntry } from '../guide-entries/guide-entry.entity';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { bundleDocument, documentId, guideDocument, LocationDocument, locationDocument, matterDocument, SearchDocument } from './search-document';

export interface EntityRef {
  type: ChangeEntityType;
  id: string;
}

/** What one batch of changes means for the indexes: documents to (re)write and ids to delete. */
export interface IndexWork {
  upserts: SearchDocument[];
  deletes: string[];
  locationUpserts: LocationDocument[];
  locationDeletes: string[];
}

/**
 * State-based: whatever happened to a record, re-read it now; published → its document, anything else
 * (draft, archived, deleted) → delete its document. Changes to a department or a matter also refresh the
 * documents that show its name (its matters, guide entries, bundles).
 */
@Injectable()
export class SearchDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exporter: ExchangeExportService,
  ) {}

  async work(refs: EntityRef[]): Promise<IndexWork> {
    const ids = (type: ChangeEntityType) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<T[]>;
    const departmentIds = ids('department');
    const locationIds = ids('location');
    const matterIds = new Set(ids('matter'));
    const guideIds = new Set(ids('guide'));
    const bundleIds = new Set(ids('bundle'));

    if (departmentIds.length) {
      for (const r of await q<{ id: string }>(`SELECT id FROM service_matters WHERE department_id = ANY($1)`, [departmentIds])) matterIds.add(r.id);
      for (const r of await q<{ id: string }>(`SELECT id FROM guide_entries WHERE department_id = ANY($1)`, [departmentIds])) guideIds.add(r.id);
      for (const r of await q<{ id: string }>(`SELECT id FROM bundles WHERE department_id = ANY($1)`, [departmentIds])) bundleIds.add(r.id);
    }
    if (locationIds.length) {
      for (const r of await q<{ matter_id: string }>(`SELECT DISTINCT matter_id FROM matter_locations WHERE location_id = ANY($1)`, [locationIds])) {
        matterIds.add(r.matter_id);
      }
    }
    const changedMatters = [...ids('matter')];
    if (changedMatters.length) {
      for (const r of await q<{ id: string }>(`SELECT id FROM guide_entries WHERE matter_id = ANY($1)`, [changedMatters])) guideIds.add(r.id);
      for (const r of await q<{ bundle_id: string }>(`SELECT DISTINCT bundle_id FROM bundle_matters WHERE matter_id = ANY($1)`, [changedMatters])) {
        bundleIds.add(r.bundle_id);
      }
    }

    const work: IndexWork = { upserts: [], deletes: [], locationUpserts: [], locationDeletes: [] };
    await this.matters([...matterIds], work);
    await this.guides([...guideIds], work);
    await this.bundles([...bundleIds], work);
    if (locationIds.length) {
      const places = await this.dataSource.getRepository(ServiceLocation).find({ where: { id: In(locationIds) } });
      const byId = new Map(places.map((p) => [p.id, p]));
      for (const id of locationIds) {
        const place = byId.get(id);
        const doc = place && place.status === 'published' ? locationDocument(place) : null;
        if (doc) work.locationUpserts.push(doc);
        else work.locationDeletes.push(id);
      }
    }
    return work;
  }

  /** Every published record, for a full rebuild. */
  async allRefs(): Promise<EntityRef[]> {
    const rows: { type: ChangeEntityType; id: string }[] = await this.dataSource.query(`
      SELECT 'matter' AS type, id FROM service_matters WHERE status = 'published'
      UNION ALL SELECT 'guide', id FROM guide_entries WHERE status = 'published'
      UNION ALL SELECT 'bundle', id FROM bundles WHERE status = 'published'
      UNION ALL SELECT 'location', id FROM service_locations WHERE status = 'published' AND lat IS NOT NULL`);
    return rows;
  }

  private async matters(ids: string[], work: IndexWork): Promise<void> {
    if (!ids.length) return;
    const rows = await this.dataSource.getRepository(ServiceMatter).find({ where: { id: In(ids) }, relations: { department: true } });
    const live = rows.filter((m) => m.status === 'published' && m.department?.status === 'published');
    const parts = await this.exporter.loadParts(
      this.dataSource.manager,
      live.map((m) => m.id),
    );
    const placeIds = [...new Set([...parts.values()].flatMap((p) => p.locations.map((l) => l.locationId)))];
    const places = placeIds.length
      ? await this.dataSource.getRepository(ServiceLocation).find({ select: { id: true, code: true, status: true }, where: { id: In(placeIds) } })
      : [];
    const codes = new Map(places.filter((p) => p.status === 'published').map((p) => [p.id, p.code]));
    const empty = { materials: [], fees: [], steps: [], faqs: [], locations: [] };
    const liveIds = new Set(live.map((m) => m.id));
    for (const m of live) work.upserts.push(matterDocument(m as ServiceMatter & { department: Department }, parts.get(m.id) ?? empty, codes));
    for (const id of ids) if (!liveIds.has(id)) work.deletes.push(documentId('matter', id));
  }

  private async guides(ids: string[], work: IndexWork): Promise<void> {
    if (!ids.length) return;
    const rows = await this.dataSource.getRepository(GuideEntry).find({ where: { id: In(ids) }, relations: { department: true, matter: true } });
    const live = rows.filter((g) => g.status === 'published' && g.department?.status === 'published');
    const liveIds = new Set(live.map((g) => g.id));
    // A guide entry is handled at its compiling unit's places (a village's 代办点): 就近办 and same-name collapse.
    const departmentIds = [...new Set(live.map((g) => g.departmentId))];
    const places = departmentIds.length
      ? await this.dataSource
          .getRepository(ServiceLocation)
          .find({ select: { code: true, departmentId: true }, where: { departmentId: In(departmentIds), status: 'published' } })
      : [];
    for (const g of live) {
      const matter = g.matter && g.matter.status === 'published' ? g.matter : null;
      const codes = places.filter((p) => p.departmentId === g.departmentId).map((p) => p.code);
      work.upserts.push(guideDocument(g as GuideEntry & { department: Department }, matter, codes));
    }
    for (const id of ids) if (!liveIds.has(id)) work.deletes.push(documentId('guide', id));
  }

  private async bundles(ids: string[], work: IndexWork): Promise<void> {
    if (!ids.length) return;
    const rows = await this.dataSource.getRepository(Bundle).find({ where: { id: In(ids) }, relations: { department: true } });
    const live = rows.filter((b) => b.status === 'published');
    const links = live.length
      ? await this.dataSource
          .getRepository(BundleMatter)
          .find({ where: { bundleId: In(live.map((b) => b.id)) }, relations: { matter: true }, order: { position: 'ASC' } })
      : [];
    const liveIds = new Set(live.map((b) => b.id));
    for (const b of live) {
      const names = links.filter((l) => l.bundleId === b.id && l.matter?.status === 'published').map((l) => l.matter!.name);
      work.upserts.push(bundleDocument(b, names));
    }
    for (const id of ids) if (!liveIds.has(id)) work.deletes.push(documentId('bundle', id));
  }
}
