import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, In } from 'typeorm';
import { CatalogueReadCache } from '../cluster/catalogue-read-cache';
import { AppError } from '../common/app-error';
import { idOrCodeWhere } from '../common/id-or-code';
import { pageOf, paginate } from '../common/pagination';
import { GuidePage, GuideResponse, ListGuidesQueryDto, toGuideResponse } from './guide-entry.dto';
import { GuideEntry } from './guide-entry.entity';

@Injectable()
export class GuideEntriesService {
  constructor(
    @InjectRepository(GuideEntry) private readonly guides: Repository<GuideEntry>,
    private readonly cache: CatalogueReadCache,
  ) {}

  list(q: ListGuidesQueryDto): Promise<GuidePage> {
    return this.cache.read(`guide:list:${JSON.stringify(q)}`, () => this.loadList(q));
  }

  private async loadList(q: ListGuidesQueryDto): Promise<GuidePage> {
    const qb = this.guides
      .createQueryBuilder('g')
      .innerJoinAndSelect('g.department', 'department')
      .leftJoinAndSelect('g.matter', 'matter')
      .where(`g.status = 'published'`)
      .orderBy('department.code')
      .addOrderBy('g.code');
    if (q.list) qb.andWhere('g.list = :list', { list: q.list });
    if (q.departmentCode) qb.andWhere('department.code = :dc', { dc: q.departmentCode });
    if (q.matterCode) qb.andWhere('matter.code = :mc', { mc: q.matterCode });
    const [rows, total] = await paginate(qb, 'g', q).getManyAndCount();
    return pageOf(rows.map(toGuideResponse), total, q);
  }

  get(idOrCode: string): Promise<GuideResponse> {
    return this.cache.read(`guide:get:${idOrCode}`, () => this.loadGet(idOrCode));
  }

  private async loadGet(idOrCode: string): Promise<GuideResponse> {
    const g = await this.guides.findOne({
      where: { ...idOrCodeWhere(idOrCode), status: In(['published', 'archived']) },
      relations: { department: true, matter: true },
    });
    if (!g) throw AppError.notFound('GUIDE_NOT_FOUND', '指南条目');
    if (g.status === 'archived') throw AppError.gone('GUIDE_ARCHIVED', '指南条目', g.archiveReason);
    return toGuideResponse(g);
  }
}
