import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DateOnly, Text } from '../common/validation';

export class SynonymDto {
  @Text(50, false) term: string;

  @IsArray({ message: '必须是数组' })
  @ArrayMinSize(1, { message: '至少一项' })
  @ArrayMaxSize(10, { message: '最多 10 项' })
  @IsString({ each: true, message: '每一项必须是字符串' })
  @MaxLength(50, { each: true, message: '每一项不能超过 50 个字符' })
  expansions: string[];

  @IsOptional() @IsBoolean({ message: '必须是 true 或 false' }) mutual?: boolean;
  @Text(200) note?: string;
}

export class BestBetDto {
  @Text(100, false) query: string;
  @Matches(/^[0-9A-Za-z-]{1,64}$/, { message: '编码格式不正确' }) matterCode: string;
  @DateOnly() startsOn?: string;
  @DateOnly() endsOn?: string;
}

export class IdParamDto {
  @IsUUID('all', { message: '必须是 UUID' }) id: string;
}

export class ReportQueryDto {
  @IsIn(['zero', 'low-click'], { message: '取值必须是 zero 或 low-click' }) kind: 'zero' | 'low-click' = 'zero';
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(500, { message: '不能大于 500' })
  limit: number = 50;
}

/** A synonym as staff maintain it. */
export class SynonymView {
  id!: string;
  /** What citizens type. */
  term!: string;
  /** The official terms it stands for. */
  expansions!: string[];
  /** True equivalents work both ways. */
  mutual!: boolean;
  note!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** A query pinned to a matter for a period. */
export class BestBetView {
  id!: string;
  /** The normalised query text. */
  query!: string;
  matterCode?: string;
  matterName?: string;
  /** First day (YYYY-MM-DD), null = from now. */
  startsOn!: string | null;
  /** Last day (YYYY-MM-DD), null = open-ended. */
  endsOn!: string | null;
}

/** One query of the zero-result or low-click report. */
export class SearchReportRow {
  query!: string;
  searches!: number;
  /** Searches that found nothing. */
  zeroResults!: number;
  clicks!: number;
  lastSeenAt!: Date;
}
