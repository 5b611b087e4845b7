import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, SelectQueryBuilder } from 'typeorm';
import { CORPORATE_OBJECTS, CORPORATE_THEMES, PERSONAL_OBJECTS, PERSONAL_THEMES } from '../code-lists/code-lists';
import { CatalogueReadCache } from '../cluster/catalogue-read-cache';
import { AppError } from '../common/app-error';
import { idOrCodeWhere } from '../common/id-or-code';
import { Page, pageOf, paginate } from '../common/pagination';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { ListMattersQueryDto, MatterDetail, MatterFilterDto, MatterSummary, toMatterDetail, toMatterSummary } from './service-matter.dto';
import { ServiceMatter } from './service-matter.entity';

const codesWithLabel = (list: Record<string, string>, label: string) => Object.keys(list).filter((k) => list[k] === label);

/** Applies the public filters to a query over `m` (service_matters). Shared by list and the degraded search. */
export function applyMatterFilters(qb: SelectQueryBuilder<ServiceMatter>, f: MatterFilterDto): SelectQueryBuilder<ServiceMatter> {
  if (f.departmentCode) qb.andWhere('department.code = :departmentCode', { departmentCode: f.departmentCode });
  if (f.type) qb.andWhere('m.matter_type = :type', { type: f.type });
  if (f.object) {
    const objects = f.object === 'personal' ? PERSONAL_OBJECTS : f.object === 'corporate' ? CORPORATE_OBJECTS : [f.object];
    qb.andWhere('m.service_objects && :objects', { objects });
  }
  if (f.theme) {
    qb.andWhere('(m.personal_themes && :pt OR m.corporate_themes && :ct)', {
      pt: codesWithLabel(PERSONAL_THEMES, f.theme),
      ct: codesWithLabel(CORPORATE_THEMES, f.theme),
    });
  }
  if (f.lifeStage) qb.andWhere(':lifeStage = ANY(m.life_stages)', { lifeStage: f.lifeStage });
  if (f.nearby !== undefined) qb.andWhere('m.nearby = :nearby', { nearby: f.nearby });
  if (f.online !== undefined) qb.andWhere(`(m.handling_forms && ARRAY['2','3']) = :online`, { online: f.online });
  if (f.crossRegionScope) qb.andWhere('m.cross_region_scope = :scope', { scope: f.crossRegionScope });
  return qb;
}

@Injectable()
export class ServiceMattersService {
  constructor(
    @InjectRepository(ServiceMatter) private readonly matters: Repository<ServiceMatter>,
    @InjectRepository(ServiceLocation) private readonly locations: Repository<ServiceLocation>,
    private readonly exchange: ExchangeExportService,
    private readonly cache: CatalogueReadCache,
  ) {}

  list(q: ListMattersQueryDto): Promise<Page<MatterSummary>> {
    return this.cache.read(`matter:list:${JSON.stringify(q)}`, () => this.loadList(q));
  }

  private async loadList(q: ListMattersQueryDto): Promise<Page<MatterSummary>> {
    const qb = this.matters
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.department', 'department')
      .where(`m.status = 'published'`)
      .orderBy('department.code')
      .addOrderBy('m.code');
    if (q.locationCode) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM matter_locations ml JOIN service_locations sl ON sl.id = ml.location_id WHERE ml.matter_id = m.id AND sl.code = :locationCode)`,
        { locationCode: q.locationCode },
      );
    }
    const [rows, total] = await paginate(applyMatterFilters(qb, q), 'm', q).getManyAndCount();
    return pageOf(rows.map(toMatterSummary), total, q);
  }

  get(idOrCode: string): Promise<MatterDetail> {
    return this.cache.read(`matter:get:${idOrCode}`, () => this.loadGet(idOrCode));
  }

  private async loadGet(idOrCode: string): Promise<MatterDetail> {
    const m = await this.matters.findOne({ where: { ...idOrCodeWhere(idOrCode), status: In(['published', 'archived']) }, relations: { department: true } });
    if (!m) throw AppError.notFound('MATTER_NOT_FOUND', '事项');
    if (m.status === 'archived') throw AppError.gone('MATTER_ARCHIVED', '事项', m.archiveReason);
    const parts = (await this.exchange.loadParts(this.matters.manager, [m.id])).get(m.id) ?? {
      materials: [],
      fees: [],
      steps: [],
      faqs: [],
      locations: [],
    };
    const places = await this.locations.find({ where: { id: In(parts.locations.map((l) => l.locationId)) } });
    return toMatterDetail(m, parts, new Map(places.map((p) => [p.id, p])));
  }
}
