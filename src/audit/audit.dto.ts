import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export class AuditFilterDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all', { message: '必须是账号 ID（UUID）' })
  actorId?: string;

  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(128, { message: '长度不能超过 128 个字符' })
  actorLogin?: string;

  /** Exact action (matter.publish) or a prefix ending in '.' (matter.). */
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(64, { message: '长度不能超过 64 个字符' })
  action?: string;

  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(32, { message: '长度不能超过 32 个字符' })
  objectType?: string;

  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(128, { message: '长度不能超过 128 个字符' })
  objectId?: string;

  @IsOptional()
  @IsIn(['success', 'denied', 'failure'], { message: '取值必须是以下之一：success、denied、failure' })
  result?: 'success' | 'denied' | 'failure';

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间' })
  to?: string;
}

export class AuditExportDto extends AuditFilterDto {
  @IsOptional()
  @IsIn(['ndjson', 'csv'], { message: '取值必须是以下之一：ndjson、csv' })
  format: 'ndjson' | 'csv' = 'ndjson';
}

/** One audit record as the audit administrator reads it (query; the export writes the same fields). */
export class AuditRecordView {
  /** Position in the trail (a bigint, as a string). */
  id!: string;
  at!: Date;
  actorId!: string | null;
  actorLogin!: string | null;
  actorRole!: string | null;
  ip!: string | null;
  requestId!: string | null;
  /** What was done, e.g. `matter.publish`, `auth.sign-in`. */
  action!: string;
  objectType!: string | null;
  objectId!: string | null;
  result!: 'success' | 'denied' | 'failure';
  details!: object | null;
  /** The previous record's hash (the chain link). */
  prevHash!: string | null;
  /** HMAC-SHA256 over this record and prevHash. */
  hash!: string;
}

export class AuditPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: AuditRecordView[];
}

export class AuditChainProblemView {
  /** The record where the chain breaks. */
  id!: string;
  /** What is wrong, in Chinese. */
  problem!: string;
}

/** The hash chain check: `ok` when no record was altered, removed or inserted outside Banshi. */
export class AuditVerifyResult {
  ok!: boolean;
  /** Records checked. */
  checked!: number;
  problems!: AuditChainProblemView[];
  /** Hash of the last record (the chain head), null for an empty trail. */
  head!: string | null;
}
