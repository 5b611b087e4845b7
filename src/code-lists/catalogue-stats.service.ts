import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueStats } from './code-lists.dto';

/** Counts of the published catalogue (GET /api/v1/stats). */
@Injectable()
export class CatalogueStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stats(): Promise<CatalogueStats> {
    const [row] = await this.dataSource.query(`
      SELECT
        (SELECT count(*) FROM departments WHERE status = 'published')::int AS departments,
        (SELECT count(*) FROM departments WHERE status = 'published' AND in_centre)::int AS "inCentreDepartments",
        (SELECT count(*) FROM service_locations WHERE status = 'published')::int AS locations,
        (SELECT count(*) FROM service_matters WHERE status = 'published')::int AS matters,
        (SELECT count(DISTINCT department_id) FROM service_matters WHERE status = 'published')::int AS "matterDepartments",
        (SELECT count(*) FROM service_matters WHERE status = 'published' AND nearby)::int AS "nearbyMatters",
        (SELECT count(DISTINCT department_id) FROM service_matters WHERE status = 'published' AND nearby)::int AS "nearbyDepartments",
        (SELECT count(*) FROM guide_entries WHERE status = 'published')::int AS guides,
        (SELECT count(DISTINCT department_id) FROM guide_entries WHERE status = 'published')::int AS "guideUnits",
        (SELECT count(*) FROM bundles WHERE status = 'published')::int AS bundles`);
    return row;
  }
}
