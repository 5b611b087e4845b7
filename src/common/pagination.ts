import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `page` (1-based) and `limit` for list endpoints. */
export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsInt({ message: '必须是整数' }) @Min(1, { message: '不能小于 1' }) @Max(100000, { message: '不能大于 100000' })
  page = 1;

  @IsOptional() @Type(() => Number) @IsInt({ message: '必须是整数' }) @Min(1, { message: '不能小于 1' })
  @Max(MAX_PAGE_SIZE, { message: `不能大于 ${MAX_PAGE_SIZE}` })
  limit = 20;
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
