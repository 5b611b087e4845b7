import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ALL_CODE_LISTS, CORPORATE_LIFE_STAGES, CORPORATE_THEMES, PERSONAL_LIFE_STAGES, PERSONAL_THEMES } from './code-lists';
import { Access } from '../auth/access.decorator';

const asList = (list: Record<string, string>) => Object.entries(list).map(([code, label]) => ({ code, label }));

@ApiTags('reference 代码表与统计')
@Access('public')
@Controller('api/v1')
export class CodeListsPublicController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** National theme lists (个人 / 法人) and life-cycle stages. */
  @Get('themes')
  themes() {
    return {
      personal: asList(PERSONAL_THEMES),
      corporate: asList(CORPORATE_THEMES),
      lifeStages: { personal: PERSONAL_LIFE_STAGES, corporate: CORPORATE_LIFE_STAGES },
    };
  }

  @Get('code-lists')
  codeLists() {
    return Object.fromEntries(
      Object.entries(ALL_CODE_LISTS).map(([name, list]) => [name, Array.isArray(list) ? list.map((v) => ({ code: v, label: v })) : asList(list as Record<string, string>)]),
    );
  }

  /** Published counts: for the demo data 968 matters, 186 nearby, 1528 guide entries. */
  @Get('stats')
  async stats() {
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
