import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBool } from '../common/query-params';

export class ImportQueryDto {
  /** true = check everything and report, change nothing. */
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  dryRun?: boolean = false;

  /** true = submit every draft the import writes for review at once. */
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  submit?: boolean = false;

  /** The file's name (helps recognise CSV vs JSON when the content type is generic). */
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(200, { message: '长度不能超过 200 个字符' })
  filename?: string;
}

/** The request body of the import routes: the file itself, or a multipart form with a `file` field. */
export const IMPORT_BODY_SCHEMA = {
  oneOf: [
    { type: 'string', format: 'binary', description: '文件内容（Content-Type 为 XLSX、text/csv 或 application/json）' },
    { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'XLSX、CSV 或 JSON 文件' } } },
  ],
};
