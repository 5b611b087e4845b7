import { BundlePage, BundleResponse } from './bundle.dto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CatalogueReadCache } from '../cluster/catalogue-read-cache';
import { AppError } from '../common/app-error';
import { idOrCodeWhere } from '../common/id-or-code';
import { PageQueryDto, pageOf, paginate } from '../common/pagination';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { Bundle, BundleMatter } from './bundle.entity';

@Injectable()
export class BundlesService {
  constructor(
    @InjectRepository(Bundle) private readonly bundles: Repository<Bundle>,
    @InjectRepository(BundleMatter) private readonly links: Repository<BundleMatter>,
    @InjectRepository(ServiceMatter) private readonly matters: Repository<ServiceMatter>,
    private readonly cache: CatalogueReadCache,
  ) {}

  list(q: PageQueryDto): Promise<BundlePage> {
    return this.cache.read(`bundle:list:${JSON.stringify(q)}`, () => this.loadList(q));
  }

  private async loadList(q: PageQueryDto): Promise<BundlePage> {
    const qb = this.bundles.createQueryBuilder('b').leftJoinAndSelect('b.department', 'department').where(`b.status = 'published'`).orderBy('b.code');
    const [rows, total] = await paginate(qb, 'b', q).getManyAndCount();
    return pageOf(await this.withMatters(rows), total, q);
  }

  get(idOrCode: string): Promise<BundleResponse> {
    return this.cache.read(`bundle:get:${idOrCode}`, () => this.loadGet(idOrCode));
  }

  private async loadGet(idOrCode: string): Promise<BundleResponse> {
    const b = await this.bundles.findOne({ where: { ...idOrCodeWhere(idOrCode), status: In(['published', 'archived']) }, relations: { department: true } });
    if (!b) throw AppError.notFound('BUNDLE_NOT_FOUND', '一件事');
    if (b.status === 'archived') throw AppError.gone('BUNDLE_ARCHIVED', '一件事', b.archiveReason);
    return (await this.withMatters([b]))[0];
  }

  private async withMatters(bundles: Bundle[]): Promise<BundleResponse[]> {
    const links = bundles.length ? await this.links.find({ where: { bundleId: In(bundles.map((b) => b.id)) }, order: { position: 'ASC' } }) : [];
    const matters = links.length
      ? await this.matters.find({ select: { id: true, code: true, name: true }, where: { id: In(links.map((l) => l.matterId)), status: 'published' } })
      : [];
    const byId = new Map(matters.map((m) => [m.id, m]));
    return bundles.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      description: b.description,
      department: b.department ? { code: b.department.code, name: b.department.name } : null,
      sharedMaterials: b.sharedMaterials,
      lifeStages: b.lifeStages,
      matters: links
        .filter((l) => l.bundleId === b.id && byId.has(l.matterId))
        .map((l) => {
          const m = byId.get(l.matterId)!;
          return { id: m.id, code: m.code, name: m.name };
        }),
    }));
  }
}
