import { Controller, Get, Query } from '@nestjs/common';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import { ChangeLogService } from './change-log.service';
import { ChangesPageDto, ChangesQueryDto } from './changes.dto';
import { decodeCursor, START } from './change-cursor';
import { Access } from '../auth/access.decorator';

@ApiTags('changes 变更订阅')
@Access('public')
@Controller('api/v1/changes')
export class ChangesPublicController {
  constructor(private readonly log: ChangeLogService) {}

  /**
   * Every create, update, publish, unpublish and delete of published catalogue records, in commit-safe order.
   * Resume at any time with `since=<next>`; a cursor never skips a change, also when transactions commit out of order.
   * A cursor older than the retained range (CHANGE_LOG_RETENTION_DAYS) gets 410 CURSOR_EXPIRED: export again and
   * resume from the export's `X-Change-Cursor`.
   */
  @ApiGoneResponse({ description: '游标早于保留期 CURSOR_EXPIRED：重新全量导出后从 X-Change-Cursor 继续' })
  @Get()
  async list(@Query() q: ChangesQueryDto): Promise<ChangesPageDto> {
    return this.log.publicPage(q.since ? decodeCursor(q.since) : START, q.limit);
  }
}
