import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export const MAX_PAGE_SIZE = 100;

/** `page` (1-based) and `limit` for list endpoints. */
export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(100000, { message: '不能大于 100000' })
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(MAX_PAGE_SIZE, { message: `不能大于 ${MAX_PAGE_SIZE}` })
  limit: number = 20;

  /** Only records changed after this time (ISO 8601), for incremental sync; deletions come from /api/v1/changes. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间，例如 2026-01-31T08:00:00Z' })
  modifiedAfter?: string;
}

/** The page window and the `modifiedAfter` filter of a list query over `alias`. */
export function paginate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, q: PageQueryDto): SelectQueryBuilder<T> {
  if (q.modifiedAfter) qb.andWhere(`${alias}.updated_at > :modifiedAfter`, { modifiedAfter: new Date(q.modifiedAfter) });
  return qb.skip((q.page - 1) * q.limit).take(q.limit);
}

export interface Page<T> {
  total: number;
  page: number;
  limit: number;
  items: T[];
}

export function pageOf<T>(items: T[], total: number, q: { page: number; limit: number }): Page<T> {
  return { total, page: q.page, limit: q.limit, items };
}
