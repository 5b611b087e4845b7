import { IsIn, IsOptional, Matches } from 'class-validator';
import { CODE_PATTERN } from '../common/validation';
import { EXPORT_KINDS, type Kind } from './exchange-export.service';

export class ExportQueryDto {
  /**
   * json = the exchange format (re-importable); ndjson = one `{ kind, record }` a line; csv = one kind as a table;
   * xlsx = the import workbook (docs/spreadsheets.md), re-importable.
   */
  @IsOptional()
  @IsIn(['json', 'ndjson', 'csv', 'xlsx'], { message: '取值必须是以下之一：json、ndjson、csv、xlsx' })
  format: 'json' | 'ndjson' | 'csv' | 'xlsx' = 'json';

  /** Only this kind (csv: default matters; xlsx: the other sheets stay empty). */
  @IsOptional()
  @IsIn(EXPORT_KINDS, { message: `取值必须是以下之一：${EXPORT_KINDS.join('、')}` })
  kind?: Kind;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;
}
