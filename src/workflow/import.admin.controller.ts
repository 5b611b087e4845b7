import { Controller, Get, HttpCode, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { withNdjsonProgress } from '../common/streaming';
import { SpooledUpload, Upload, UploadInterceptor } from '../common/upload.interceptor';
import { buildSpreadsheetTemplate, XLSX_CONTENT_TYPE } from '../exchange/spreadsheet';
import { CatalogueImportService } from './catalogue-import.service';
import { ApiFileResponse } from '../common/api-file-response';
import { ApiImportReport, IMPORT_BODY_SCHEMA, ImportQueryDto } from './import.dto';

@ApiTags('admin: import 批量导入')
@Controller('api/v1/admin/import')
export class ImportAdminController {
  constructor(private readonly imports: CatalogueImportService) {}

  @Get('template.xlsx')
  @Access('editor', 'reviewer', 'sysadmin')
  @ApiOperation({ summary: 'Excel 导入模板：每类记录一张表，国家要素名称作表头，代码表下拉，含示例行' })
  @ApiFileResponse('导入模板 banshi-import-template.xlsx（办事事项导入模板.xlsx）', XLSX_CONTENT_TYPE)
  async template(@Res() res: Response): Promise<void> {
    const file = await buildSpreadsheetTemplate();
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="banshi-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('办事事项导入模板.xlsx')}`);
    res.end(file);
  }

  @Post()
  @HttpCode(200)
  @Access('editor', 'sysadmin')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary:
      '导入 XLSX / CSV / 交换格式 JSON：请求体即文件，或 multipart/form-data 的 file 字段。dryRun=true 只报告问题；正式导入全部成功或全部不变，并逐条写审计',
    description:
      '部门编辑只能导入本部门的事项、指南、一件事（写为草稿，submit=true 时一并提交审核）；部门与服务场所只有系统管理员可以导入（直接生效）。' +
      '每次最多 IMPORT_MAX_RECORDS 条记录（默认 20000，超过则 413 TOO_MANY_RECORDS）、IMPORT_MAX_MB 兆字节；问题报告最多列出 1000 个问题，其余只计数。',
  })
  @ApiConsumes(XLSX_CONTENT_TYPE, 'text/csv', 'application/json', 'multipart/form-data')
  @ApiBody({ schema: IMPORT_BODY_SCHEMA })
  @ApiUnprocessableEntityResponse({
    description: 'IMPORT_INVALID：details.problems 逐条列出（表、行、列、值、原因），最多 1000 个；details.omitted 为未列出的问题数',
  })
  @ApiForbiddenResponse({ description: 'IMPORT_FORBIDDEN：文件中有超出本人部门权限的记录' })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE（超过 IMPORT_MAX_MB）或 TOO_MANY_RECORDS（超过 IMPORT_MAX_RECORDS）' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_FILE_TYPE' })
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
