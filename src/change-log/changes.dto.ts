import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ChangesQueryDto {
  /** `next` from the previous response; absent = from the beginning. */
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(64, { message: '游标无效' })
  since?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(1000, { message: '不能大于 1000' })
  limit: number = 100;
}

/** One change of a published catalogue record. */
export class ChangeDto {
  /** Resume after this change with `since=<cursor>`. */
  cursor!: string;
  type!: 'department' | 'location' | 'matter' | 'guide' | 'bundle';
  id!: string;
  /** Fetch the record by this code (410 after unpublish, 404 after delete). */
  code!: string;
  op!: 'create' | 'update' | 'publish' | 'unpublish' | 'delete';
  status!: string | null;
  /** The record's version after this change — the `version` of the public record and the staff history's number; null after a delete. */
  version!: number | null;
  changedAt!: string;
}

/** A page of the change feed. */
export class ChangesPageDto {
  changes!: ChangeDto[];
  /** The cursor to pass as `since` next time (also when `changes` is empty). */
  next!: string;
  /** true = call again at once with `since=next`. */
  hasMore!: boolean;
}
