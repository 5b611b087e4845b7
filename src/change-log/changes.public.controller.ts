import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ChangeLogService } from './change-log.service';
import { decodeCursor, encodeCursor, START } from './change-cursor';
import { Access } from '../auth/access.decorator';

export class ChangesQueryDto {
  /** `next` from the previous response; absent = from the beginning. */
  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(64, { message: '游标无效' })
  since?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: '必须是整数' }) @Min(1, { message: '不能小于 1' }) @Max(1000, { message: '不能大于 1000' })
  limit = 100;
}

@ApiTags('changes 变更订阅')
@Access('public')
@Controller('api/v1/changes')
export class ChangesPublicController {
  constructor(private readonly log: ChangeLogService) {}

  /**
   * Every create, update, publish, unpublish and delete of published catalogue records, in commit-safe order.
   * Resume at any time with `since=<next>`; a cursor never skips a change, also when transactions commit out of order.
   */
  @Get()
  async list(@Query() q: ChangesQueryDto) {
    const since = q.since ? decodeCursor(q.since) : START;
    const rows = await this.log.after(since, q.limit, { publicOnly: true });
    const last = rows[rows.length - 1];
    return {
      changes: rows.map((r) => ({
        cursor: encodeCursor(r),
        type: r.entity_type,
        id: r.entity_id,
        code: r.entity_code,
        op: r.op,
        status: r.status,
        changedAt: new Date(r.changed_at).toISOString(),
      })),
      next: encodeCursor(last ? { txid: last.txid, id: last.id } : since),
      hasMore: rows.length === q.limit,
    };
  }
}
