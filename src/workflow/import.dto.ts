import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
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

/** What an import did (or, in a dry run, would do) to one kind of record. */
export class ImportKindCounts {
  total!: number;
  created!: number;
  updated!: number;
  /** Records identical to what is stored: not written, no new version. */
  unchanged!: number;
}

/** Counts per kind, for the kinds the file holds. */
export class ImportCountsByKind {
  departments?: ImportKindCounts;
  locations?: ImportKindCounts;
  matters?: ImportKindCounts;
  guides?: ImportKindCounts;
  bundles?: ImportKindCounts;
}

/** The report of a bulk import. */
export class ImportReport {
  dryRun!: boolean;
  /** How the file was read. */
  format!: 'xlsx' | 'csv' | 'json';
  /** Departments and locations are applied directly; matters, guides and bundles become drafts. */
  counts!: ImportCountsByKind;
  /** Drafts submitted for review (submit=true). */
  submitted!: number;
}

/** The success answer of both import routes: the report as JSON, or (Accept: application/x-ndjson) progress lines. */
export function ApiImportReport() {
  return applyDecorators(
    ApiExtraModels(ImportReport),
    ApiProduces('application/json', 'application/x-ndjson'),
    ApiOkResponse({
      description: '导入报告；请求头 Accept: application/x-ndjson 时改为逐行进度，最后一行是 {"report": 导入报告} 或 {"error": 错误}',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ImportReport) } },
        'application/x-ndjson': {
          schema: {
            type: 'string',
            format: 'binary',
            description: '每行一个 JSON：{"progress":{"stage":"matters","done":3000,"total":10000}}，最后一行 {"report":ImportReport} 或 {"error":ErrorBody}',
          },
        },
      },
    }),
  );
}
