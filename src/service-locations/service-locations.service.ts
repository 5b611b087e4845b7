import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CatalogueReadCache } from '../cluster/catalogue-read-cache';
import { AppError } from '../common/app-error';
import { idOrCodeWhere } from '../common/id-or-code';
import { pageOf, paginate } from '../common/pagination';
import { ListLocationsQueryDto, LocationPage, LocationResponse, toLocationResponse } from './service-location.dto';
import { ServiceLocation } from './service-location.entity';

/** Centre first, then sub-centres, township and village points (LOCATION_LEVELS order). */
const LEVEL_ORDER = `array_position(ARRAY['市政务服务中心', '分中心', '乡镇(街道)便民服务中心', '村(社区)代办点']::varchar[], l.level)`;

@Injectable()
export class ServiceLocationsService {
  constructor(
    @InjectRepository(ServiceLocation) private readonly locations: Repository<ServiceLocation>,
    private readonly cache: CatalogueReadCache,
  ) {}

  list(q: ListLocationsQueryDto): Promise<LocationPage> {
    return this.cache.read(`location:list:${JSON.stringify(q)}`, () => this.loadList(q));
  }

  private async loadList(q: ListLocationsQueryDto): Promise<LocationPage> {
    const qb = this.locations
      .createQueryBuilder('l')
      .leftJoinAndSelect('l.department', 'department')
      .leftJoinAndSelect('l.parent', 'parent')
      .where(`l.status = 'published'`)
      .addSelect(LEVEL_ORDER, 'level_order')
      .orderBy('level_order')
      .addOrderBy('l.code');
    if (q.level) qb.andWhere('l.level = :level', { level: q.level });
    if (q.departmentCode) qb.andWhere('department.code = :dc', { dc: q.departmentCode });
    const [rows, total] = await paginate(qb, 'l', q).getManyAndCount();
    return pageOf(rows.map(toLocationResponse), total, q);
  }

  get(idOrCode: string): Promise<LocationResponse> {
    return this.cache.read(`location:get:${idOrCode}`, () => this.loadGet(idOrCode));
  }

  private async loadGet(idOrCode: string): Promise<LocationResponse> {
    const l = await this.locations.findOne({
      where: { ...idOrCodeWhere(idOrCode), status: 'published' },
      relations: { department: true, parent: true },
    });
    if (!l) throw AppError.notFound('LOCATION_NOT_FOUND', '服务场所');
    return toLocationResponse(l);
  }
}
