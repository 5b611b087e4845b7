import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CatalogueReadCache } from '../cluster/catalogue-read-cache';
import { AppError } from '../common/app-error';
import { idOrCodeWhere } from '../common/id-or-code';
import { pageOf, paginate } from '../common/pagination';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { DepartmentDetail, DepartmentPage, ListDepartmentsQueryDto, toDepartmentResponse } from './department.dto';
import { Department } from './department.entity';

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(ServiceMatter) private readonly matters: Repository<ServiceMatter>,
    private readonly cache: CatalogueReadCache,
  ) {}

  list(q: ListDepartmentsQueryDto): Promise<DepartmentPage> {
    return this.cache.read(`department:list:${JSON.stringify(q)}`, () => this.loadList(q));
  }

  private async loadList(q: ListDepartmentsQueryDto): Promise<DepartmentPage> {
    const qb = this.departments
      .createQueryBuilder('d')
      .leftJoinAndSelect('d.parent', 'parent')
      .where(`d.status = 'published'`)
      .orderBy('d.in_centre', 'DESC')
      .addOrderBy('d.code', 'ASC');
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    if (q.inCentre !== undefined) qb.andWhere('d.in_centre = :inCentre', { inCentre: q.inCentre });
    if (q.q) qb.andWhere(`(d.name LIKE :like OR d.short_name LIKE :like OR :q = ANY(d.aliases))`, { like: `%${escapeLike(q.q)}%`, q: q.q });
    const [rows, total] = await paginate(qb, 'd', q).getManyAndCount();
    const counts = await this.matterCounts(rows.map((r) => r.id));
    return pageOf(
      rows.map((d) => toDepartmentResponse(d, counts.get(d.id) ?? 0)),
      total,
      q,
    );
  }

  get(idOrCode: string): Promise<DepartmentDetail> {
    return this.cache.read(`department:get:${idOrCode}`, () => this.loadGet(idOrCode));
  }

  private async loadGet(idOrCode: string): Promise<DepartmentDetail> {
    const d = await this.departments.findOne({ where: { ...idOrCodeWhere(idOrCode), status: 'published' }, relations: { parent: true } });
    if (!d) throw AppError.notFound('DEPARTMENT_NOT_FOUND', '部门');
    const matters = await this.matters.find({
      select: { id: true, code: true, name: true },
      where: { departmentId: d.id, status: 'published' },
      order: { name: 'ASC' },
    });
    return { ...toDepartmentResponse(d, matters.length), matters: matters.map((m) => ({ id: m.id, code: m.code, name: m.name })) };
  }

  private async matterCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { department_id: string; n: string }[] = await this.matters.query(
      `SELECT department_id, count(*) AS n FROM service_matters WHERE status = 'published' AND department_id = ANY($1) GROUP BY 1`,
      [ids],
    );
    return new Map(rows.map((r) => [r.department_id, Number(r.n)]));
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
