import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { CatalogueImportService } from '../workflow/catalogue-import.service';
import { KindParamDto } from './integration.dto';
import { withNdjsonProgress } from '../common/streaming';
import { SpooledUpload, Upload, UploadInterceptor } from '../common/upload.interceptor';
import { ApiImportReport, IMPORT_BODY_SCHEMA, ImportQueryDto } from '../workflow/import.dto';
import { RevisionListQueryDto } from '../workflow/workflow.dto';
import { WorkflowViewsService } from '../workflow/workflow-views.service';

/**
 * For client systems with an API key (X-Api-Key): drafts of the key's departments (read:drafts) and the bulk
 * import (write:import, drafts of the key's departments, like a department editor). Published data needs no
 * key: the public API, /api/v1/changes and /api/v1/export serve it (a key lifts the per-IP rate limit).
 */
@ApiTags('integration 系统对接')
@Controller('api/v1/integration')
export class IntegrationController {
  constructor(
    private readonly views: WorkflowViewsService,
    private readonly imports: CatalogueImportService,
  ) {}

  @Get('drafts/:kind')
  @Access('key:read:drafts')
  @ApiOperation({ summary: '本密钥所属部门的未发布版本（草稿、待审、退回、待生效），含完整内容' })
  drafts(@Param() p: KindParamDto, @Query() q: RevisionListQueryDto, @CurrentActor() actor: Actor) {
    return this.views.list(p.kind, q, actor, true);
  }

  @Post('import')
  @HttpCode(200)
  @Access('key:write:import')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary: '批量导入到本密钥所属部门（写为草稿，submit=true 时提交审核）；请求体即文件（XLSX、CSV 或 JSON），或 multipart/form-data 的 file 字段',
    description: '上限与问题报告同 POST /api/v1/admin/import：IMPORT_MAX_RECORDS 条记录、IMPORT_MAX_MB 兆字节，最多列出 1000 个问题。',
  })
  @ApiConsumes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/json', 'multipart/form-data')
  @ApiBody({ schema: IMPORT_BODY_SCHEMA })
  @ApiImportReport()
  import(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() q: ImportQueryDto,
    @Upload() file: SpooledUpload,
    @CurrentActor() actor: Actor,
  ) {
    return withNdjsonProgress(req, res, (onProgress) => this.imports.importUpload(file, { ...q, onProgress }, actor));
  }
}
