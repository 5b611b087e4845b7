import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { UuidParam } from '../common/uuid-param';
import { FeedbackCountsQueryDto, FeedbackPage, FeedbackResponse, ListFeedbackQueryDto, MatterFeedbackCount, UpdateFeedbackDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('admin: feedback 好差评与反映问题')
@Controller('api/v1/admin/feedback')
export class FeedbackAdminController {
  constructor(private readonly service: FeedbackService) {}

  /** Editors see their departments' feedback, reviewers everyone's; filter by status, kind, problem, department, matter. */
  @Get()
  @Access('editor', 'reviewer')
  list(@Query() q: ListFeedbackQueryDto, @CurrentActor() actor: Actor): Promise<FeedbackPage> {
    return this.service.list(q, actor);
  }

  /** Per matter: ratings, average, unsatisfied, reports and open items. */
  @Get('counts')
  @Access('editor', 'reviewer')
  counts(@Query() q: FeedbackCountsQueryDto, @CurrentActor() actor: Actor): Promise<MatterFeedbackCount[]> {
    return this.service.counts(q, actor);
  }

  /** Moves an item on (new → in_hand → answered / closed) with the department's answer; audited. */
  @Patch(':id')
  @Access('editor')
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateFeedbackDto, @CurrentActor() actor: Actor): Promise<FeedbackResponse> {
    return this.service.update(id, dto, actor);
  }
}
