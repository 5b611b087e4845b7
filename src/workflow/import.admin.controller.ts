import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiForbiddenResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/app-error';
import { buildSpreadsheetTemplate, XLSX_CONTENT_TYPE } from '../exchange/spreadsheet';
import { CatalogueImportService } from './catalogue-import.service';
import { ImportQueryDto } from './import.dto';
import { errorBody } from '../common/error.filter';


@ApiTags('admin: import 批量导入')
@Controller('api/v1/admin/import')
export class ImportAdminController {
  constructor(private readonly imports: CatalogueImportService) {}

  @Get('template.xlsx')
  @Access('editor', 'reviewer', 'sysadmin')
  @ApiOperation({ summary: 'Excel 导入模板：每类记录一张表，国家要素名称作表头，代码表下拉，含示例行' })
  async template(@Res() res: Response): Promise<void> {
    const file = await buildSpreadsheetTemplate();
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="banshi-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('办事事项导入模板.xlsx')}`);
    res.end(file);
  }

  @Post()
  @HttpCode(200)
  @Access('editor', 'sysadmin')
  @ApiOperation({
    summary: '导入 XLSX / CSV / 交换格式 JSON（请求体即文件内容）。dryRun=true 只报告问题；正式导入全部成功或全部不变，并写审计',
    description: '部门编辑只能导入本部门的事项、指南、一件事（写为草稿，submit=true 时一并提交审核）；部门与服务场所只有系统管理员可以导入（直接生效）。',
  })
  @ApiConsumes(XLSX_CONTENT_TYPE, 'text/csv', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiUnprocessableEntityResponse({ description: 'IMPORT_INVALID：details.problems 逐条列出（表、行、列、值、原因）' })
  @ApiForbiddenResponse({ description: 'IMPORT_FORBIDDEN：文件中有超出本人部门权限的记录' })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_FILE_TYPE' })
  @ApiProduces('application/json', 'application/x-ndjson')
  import(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query() q: ImportQueryDto, @CurrentActor() actor: Actor) {
    return importUpload(this.imports, req, res, q, actor);
  }
}

/**
 * Runs an upload through the import. With `Accept: application/x-ndjson` the answer is a stream of progress lines
 * (`{"progress":{"stage":"matters","done":3000,"total":10000}}`) ending in `{"report":…}` or `{"error":…}` — the
 * status is then 200 once streaming starts, so read the last line. Otherwise a plain JSON report or error.
 */
export async function importUpload(imports: CatalogueImportService, req: Request, res: Response, q: ImportQueryDto, actor: Actor) {
  const body = req.body as unknown;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError(400, 'FILE_MISSING', '请在请求体中上传文件（XLSX、CSV 或 JSON）');
  const options = { dryRun: !!q.dryRun, submit: !!q.submit, filename: q.filename, contentType: req.headers['content-type'] };
  if (!/application\/x-ndjson/.test(req.headers.accept ?? '')) return imports.import(body, options, actor);

  res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  let last = 0;
  const onProgress = (stage: string, done: number, total: number) => {
    if (Date.now() - last < 250 && done < total) return; // a few lines a second is plenty
    last = Date.now();
    res.write(`${JSON.stringify({ progress: { stage, done, total } })}\n`);
  };
  try {
    const report = await imports.import(body, { ...options, onProgress }, actor);
    res.end(`${JSON.stringify({ report })}\n`);
  } catch (e) {
    const error = errorBody(e, req);
    if (error.statusCode >= 500) new Logger('Import').error(`import failed [request ${req.headers['x-request-id'] ?? ''}]`, (e as Error).stack);
    res.end(`${JSON.stringify({ error })}\n`);
  }
}
