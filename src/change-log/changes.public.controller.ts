import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ChangeLogService } from './change-log.service';
import { ChangeDto, ChangesPageDto, ChangesQueryDto } from './changes.dto';
import { decodeCursor, encodeCursor, START } from './change-cursor';
import { Access } from '../auth/access.decorator';

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
  async list(@Query() q: ChangesQueryDto): Promise<ChangesPageDto> {
    const since = q.since ? decodeCursor(q.since) : START;
    const rows = await this.log.after(since, q.limit, { publicOnly: true });
    const last = rows[rows.length - 1];
    return {
      changes: rows.map((r) => ({
        cursor: encodeCursor(r),
        type: r.entity_type as ChangeDto['type'],
        id: r.entity_id,
        code: r.entity_code,
        op: r.op as ChangeDto['op'],
        status: r.status,
        version: r.version,
        changedAt: new Date(r.changed_at).toISOString(),
      })),
      next: encodeCursor(last ? { txid: last.txid, id: last.id } : since),
      hasMore: rows.length === q.limit,
    };
  }
}
