import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ChangesQueryDto {
  /** `next` from the previous response; absent = from the beginning. */
  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(64, { message: '游标无效' })
  since?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: '必须是整数' }) @Min(1, { message: '不能小于 1' }) @Max(1000, { message: '不能大于 1000' })
  limit: number = 100;
}
