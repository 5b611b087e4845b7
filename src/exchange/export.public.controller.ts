import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { encodeCursor } from '../change-log/change-cursor';
import { ApiFileResponse } from '../common/api-file-response';
import { ChangeLogService } from '../change-log/change-log.service';
import { ExchangeExportService } from './exchange-export.service';
import { ExportQueryDto } from './export-query.dto';
import { Access } from '../auth/access.decorator';

/** Streams the published catalogue; memory stays flat whatever its size (records are read 500 at a time). */
@ApiTags('export 批量导出')
@Access('public')
@Controller('api/v1/export')
export class ExportPublicController {
  constructor(
    private readonly exporter: ExchangeExportService,
    private readonly changes: ChangeLogService,
  ) {}

  @Get()
  @ApiFileResponse(
    '已发布目录的下载文件（Content-Disposition: attachment）：json 为交换格式文档（docs/exchange.schema.json，可再导入），ndjson 每行一个 {kind, record}，' +
      'csv 为一类记录的表格，xlsx 为导入模板同格式的工作簿（可再导入）。响应头 X-Change-Cursor 是导出时变更订阅的位置',
    'application/json',
    'application/x-ndjson',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  async export(@Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    const { contentType, filename } = this.exporter.publishedExportFile(q);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    // Where to resume the change feed (or a webhook) after loading this export: every change before it is in the export.
    res.setHeader('X-Change-Cursor', encodeCursor(await this.changes.horizon()));
    await this.exporter.writePublished(res, q);
  }
}
