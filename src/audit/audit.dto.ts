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
