import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { streamWriter } from '../common/streaming';
import { encodeCursor } from '../change-log/change-cursor';
import { ChangeLogService } from '../change-log/change-log.service';
import { EXPORT_KINDS, ExchangeExportService, Kind } from './exchange-export.service';
import { ExportQueryDto } from './export-query.dto';
import { csvField } from './spreadsheet-cells';
import { Access } from '../auth/access.decorator';
import { CSV_COLUMNS } from './spreadsheet/csv-columns';
import { XLSX_CONTENT_TYPE } from './spreadsheet/spreadsheet-template';
import { writeWorkbook } from './spreadsheet/spreadsheet-writer';

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
  async export(@Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    const kinds = q.kind ? [q.kind] : q.format === 'csv' ? (['matters'] as Kind[]) : EXPORT_KINDS;
    const options = { status: 'published' as const, departmentCode: q.departmentCode };
    const type = { json: 'application/json; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8', xlsx: XLSX_CONTENT_TYPE }[q.format];
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="banshi-${kinds.length === 1 ? kinds[0] : 'catalogue'}.${q.format}"`);
    // Where to resume the change feed (or a webhook) after loading this export: every change before it is in the export.
    res.setHeader('X-Change-Cursor', encodeCursor(await this.changes.horizon()));
    if (q.format === 'xlsx') {
      // The writer ends the response when the workbook is complete.
      await writeWorkbook(res, (kind) => (kinds.includes(kind) ? this.exporter.stream(kind, options) : []));
      return;
    }
    const write = streamWriter(res);
    if (q.format === 'json') {
      await write(`{"format":"banshi-exchange","version":1,"generatedAt":${JSON.stringify(new Date().toISOString())}`);
      for (const kind of EXPORT_KINDS) {
        await write(`,${JSON.stringify(kind)}:[`);
        let first = true;
        if (kinds.includes(kind)) {
          for await (const record of this.exporter.stream(kind, options)) {
            await write(`${first ? '' : ','}\n${JSON.stringify(record)}`);
            first = false;
          }
        }
        await write(']');
      }
      await write('}\n');
    } else if (q.format === 'ndjson') {
      for (const kind of kinds) {
        for await (const record of this.exporter.stream(kind, options)) await write(`${JSON.stringify({ kind, record })}\n`);
      }
    } else {
      const columns = CSV_COLUMNS[kinds[0]];
      await write(`\ufeff${columns.join(',')}\r\n`); // BOM: Excel opens UTF-8 CSV correctly
      for await (const record of this.exporter.stream(kinds[0], options)) {
        await write(`${columns.map((c) => csvField((record as Record<string, unknown>)[c])).join(',')}\r\n`);
      }
    }
    res.end();
  }
}
