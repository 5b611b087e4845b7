import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Type } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { versionFromIfMatch } from '../common/if-match';
import { createValidationPipe } from '../common/validation.pipe';
import {
  BatchDto,
  BatchResult,
  BundleDraftDto,
  CodeParamDto,
  DiffQueryDto,
  GuideDraftDto,
  MatterDraftDto,
  PublishDto,
  ReasonDto,
  RecordView,
  RestoreDto,
  RevisionDiff,
  RevisionListQueryDto,
  RevisionPage,
  RevisionView,
} from './workflow.dto';
import { WorkflowKind } from './revision.entity';
import { WorkflowBatchService } from './workflow-batch.service';
import { WorkflowViewsService } from './workflow-views.service';
import { WorkflowService } from './workflow.service';

/**
 * The maintenance API of one content kind — the same routes for matters, guide entries and bundles:
 *   GET    /                       open revisions in my scope (?state=submitted is the reviewer's queue)
 *   POST   /                       new record as a draft
 *   GET    /:code                  published version + open revision
 *   PUT    /:code/draft            save the draft (If-Match: draft version, or the published version to start one)
 *   DELETE /:code/draft            discard the draft
 *   POST   /:code/submit|withdraw|publish|return|archive|restore
 *   POST   /batch                  the same transitions for up to 500 records at once, all or nothing
 *   GET    /:code/history, /:code/diff?from=&to=
 * Who may do what to which department's records is decided in the workflow services (permission matrix, WorkflowAccessService).
 */
function workflowController(kind: WorkflowKind, path: string, tag: string, draft: Type<unknown>) {
  const body = createValidationPipe(draft);

  @ApiTags(tag)
  @Access('editor', 'reviewer')
  @ApiNotFoundResponse({ description: '记录不存在或不在本人权限范围内' })
  @ApiConflictResponse({ description: 'STALE_VERSION（版本已过期）/ WRONG_STATE / CODE_TAKEN' })
  @Controller(`api/v1/admin/${path}`)
  class WorkflowController {
    constructor(
      readonly workflow: WorkflowService,
      readonly views: WorkflowViewsService,
      readonly batches: WorkflowBatchService,
    ) {}

    @Get()
    list(@Query() q: RevisionListQueryDto, @CurrentActor() actor: Actor): Promise<RevisionPage> {
      return this.views.list(kind, q, actor);
    }

    @Post()
    @ApiBody({ type: draft })
    @ApiOperation({ summary: '新建（草稿）' })
    create(@Body(body) dto: object, @CurrentActor() actor: Actor): Promise<RevisionView> {
      return this.workflow.create(kind, dto, actor);
    }

    @Post('batch')
    @HttpCode(200)
    @ApiOperation({ summary: '批量提交、撤回、发布或退回（一个事务：全部成功或全部不变；每项带版本号）' })
    batch(@Body() dto: BatchDto, @CurrentActor() actor: Actor): Promise<BatchResult> {
      return this.batches.batch(kind, dto, actor);
    }

    @Get(':code')
    get(@Param() p: CodeParamDto, @CurrentActor() actor: Actor): Promise<RecordView> {
      return this.views.get(kind, p.code, actor);
    }

    @Put(':code/draft')
    @ApiBody({ type: draft })
    @ApiOperation({ summary: '保存草稿（If-Match：草稿版本；无草稿时为已发布版本，将新建草稿）' })
    update(
      @Param() p: CodeParamDto,
      @Body(body) dto: object,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
    ): Promise<RevisionView> {
      return this.workflow.update(kind, p.code, dto, versionFromIfMatch(ifMatch), actor);
    }

    @Delete(':code/draft')
    @HttpCode(204)
    discard(@Param() p: CodeParamDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<void> {
      return this.workflow.discard(kind, p.code, versionFromIfMatch(ifMatch), actor);
    }

    @Post(':code/submit')
    @HttpCode(200)
    submit(@Param() p: CodeParamDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<RevisionView> {
      return this.workflow.submit(kind, p.code, versionFromIfMatch(ifMatch), actor);
    }

    @Post(':code/withdraw')
    @HttpCode(200)
    withdraw(@Param() p: CodeParamDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<RevisionView> {
      return this.workflow.withdraw(kind, p.code, versionFromIfMatch(ifMatch), actor);
    }

    @Post(':code/publish')
    @HttpCode(200)
    @ApiOperation({ summary: '审核通过并发布（可定时生效、定时失效）' })
    publish(
      @Param() p: CodeParamDto,
      @Body() dto: PublishDto,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
    ): Promise<RevisionView> {
      return this.workflow.publish(kind, p.code, versionFromIfMatch(ifMatch), dto, actor);
    }

    @Post(':code/return')
    @HttpCode(200)
    @ApiOperation({ summary: '退回修改（须说明原因）' })
    returnToEditor(
      @Param() p: CodeParamDto,
      @Body() dto: ReasonDto,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
    ): Promise<RevisionView> {
      return this.workflow.returnToEditor(kind, p.code, versionFromIfMatch(ifMatch), dto.reason, actor);
    }

    @Post(':code/archive')
    @HttpCode(204)
    @ApiOperation({ summary: '下架（公开原因；If-Match：已发布版本）' })
    archive(@Param() p: CodeParamDto, @Body() dto: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<void> {
      return this.workflow.archive(kind, p.code, versionFromIfMatch(ifMatch), dto.reason, actor);
    }

    @Post(':code/restore')
    @ApiOperation({ summary: '以某个已发布版本为基础新建草稿' })
    restore(@Param() p: CodeParamDto, @Body() dto: RestoreDto, @CurrentActor() actor: Actor): Promise<RevisionView> {
      return this.workflow.restore(kind, p.code, dto.number, actor);
    }

    @Get(':code/history')
    history(@Param() p: CodeParamDto, @CurrentActor() actor: Actor): Promise<RevisionView[]> {
      return this.views.history(kind, p.code, actor);
    }

    @Get(':code/diff')
    @ApiOperation({ summary: '两个版本之间逐字段的差异（含材料、收费等）' })
    diff(@Param() p: CodeParamDto, @Query() q: DiffQueryDto, @CurrentActor() actor: Actor): Promise<RevisionDiff> {
      return this.views.diff(kind, p.code, q.from, q.to, actor);
    }
  }
  Object.defineProperty(WorkflowController, 'name', { value: `${path[0].toUpperCase()}${path.slice(1)}AdminController` });
  return WorkflowController;
}

export const MattersAdminController = workflowController('matters', 'matters', 'admin: matters 事项维护', MatterDraftDto);
export const GuidesAdminController = workflowController('guides', 'guides', 'admin: guides 指南维护', GuideDraftDto);
export const BundlesAdminController = workflowController('bundles', 'bundles', 'admin: bundles 一件事维护', BundleDraftDto);
