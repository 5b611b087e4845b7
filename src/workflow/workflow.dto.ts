import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMinSize, IsIn, IsInt, IsISO8601, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { Code, Nested, OneOf, Text } from '../common/validation';
import { ExchangeBundleDto, ExchangeDepartmentDto, ExchangeGuideDto, ExchangeLocationDto, ExchangeMatterDto } from '../exchange/exchange.dto';
import { REVISION_STATES, Revision, RevisionState, WorkflowKind } from './revision.entity';

/**
 * Fields a record carries when it is read (GET, the export) that a client cannot set: the workflow decides the
 * status, the database keeps ids, versions (If-Match carries the one to check) and timestamps. Accepted and
 * ignored on input, so a record read can be sent back as it is; marked readOnly in OpenAPI.
 */
export const READ_ONLY_FIELDS = ['id', 'status', 'version', 'archiveReason', 'createdAt', 'updatedAt'] as const;

export class ReadOnlyFieldsDto {
  /** 只读，输入时忽略 / read-only, ignored on input */
  @ApiProperty({ readOnly: true, required: false, type: String })
  @Allow()
  id?: unknown;

  /** 只读：由审核流程决定 / read-only: the workflow decides it */
  @ApiProperty({ readOnly: true, required: false, type: String })
  @Allow()
  status?: unknown;

  /** 只读：乐观锁版本放在 If-Match 请求头 / read-only: the version to check travels in If-Match */
  @ApiProperty({ readOnly: true, required: false, type: Number })
  @Allow()
  version?: unknown;

  /** 只读 / read-only */
  @ApiProperty({ readOnly: true, required: false, type: String, nullable: true })
  @Allow()
  archiveReason?: unknown;

  /** 只读 / read-only */
  @ApiProperty({ readOnly: true, required: false, type: String, format: 'date-time' })
  @Allow()
  createdAt?: unknown;

  /** 只读 / read-only */
  @ApiProperty({ readOnly: true, required: false, type: String, format: 'date-time' })
  @Allow()
  updatedAt?: unknown;
}

/** The record without its read-only fields (what the workflow and reference-data services validate and keep). */
export function withoutReadOnly(body: object): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  for (const f of READ_ONLY_FIELDS) delete plain[f];
  return plain;
}

/** Bodies of the maintenance API: the exchange-format records, plus the read-only fields a read returns (ignored). */
export class MatterDraftDto extends IntersectionType(OmitType(ExchangeMatterDto, ['status'] as const), ReadOnlyFieldsDto) {}
export class GuideDraftDto extends IntersectionType(OmitType(ExchangeGuideDto, ['status'] as const), ReadOnlyFieldsDto) {}
export class BundleDraftDto extends IntersectionType(OmitType(ExchangeBundleDto, ['status'] as const), ReadOnlyFieldsDto) {}
export class DepartmentBodyDto extends IntersectionType(OmitType(ExchangeDepartmentDto, ['status'] as const), ReadOnlyFieldsDto) {}
export class LocationBodyDto extends IntersectionType(OmitType(ExchangeLocationDto, ['status'] as const), ReadOnlyFieldsDto) {}

const iso = { message: '必须是 ISO 8601 时间，例如 2026-12-01T00:00:00+08:00' };

export class PublishDto {
  /** When the version takes effect (future = scheduled). Default: now, or a matter's own effectiveFrom date. */
  @IsOptional()
  @IsISO8601({ strict: true }, iso)
  effectiveFrom?: string;

  /** When the record is archived again (e.g. a temporary service). Default: a matter's own effectiveTo date. */
  @IsOptional()
  @IsISO8601({ strict: true }, iso)
  effectiveTo?: string;
}

export class ReasonDto {
  /** Shown to the editor (return) or to citizens (archive). */
  @Text(500, false)
  reason: string;
}

export class RestoreDto {
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(100000, { message: '不能大于 100000' })
  number: number;
}

export class RevisionListQueryDto extends PageQueryDto {
  @OneOf(REVISION_STATES)
  state?: (typeof REVISION_STATES)[number];

  @Code(true)
  departmentCode?: string;
}

export class DiffQueryDto {
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(100000, { message: '不能大于 100000' })
  from: number;

  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(100000, { message: '不能大于 100000' })
  to: number;
}

export class CodeParamDto {
  @Code()
  code: string;
}

export class BatchItemDto {
  @Code()
  code: string;

  /** The open revision's version (what If-Match carries for a single record). */
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(1_000_000_000, { message: '数值过大' })
  version: number;
}

export class BatchDto {
  @IsIn(['submit', 'withdraw', 'publish', 'return'], { message: '取值必须是以下之一：submit、withdraw、publish、return' })
  action: 'submit' | 'withdraw' | 'publish' | 'return';

  /** 1–500 records; all are changed, or none. */
  @Nested(() => BatchItemDto, { array: true, optional: false, maxItems: 500 })
  @ArrayMinSize(1, { message: '至少 1 项' })
  items: BatchItemDto[];

  /** Required for return (shown to the editor). */
  @ValidateIf((o: BatchDto) => o.action === 'return')
  @Text(500, false)
  reason?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, iso)
  effectiveFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, iso)
  effectiveTo?: string;
}

// ── responses ───────────────────────────────────────────────────────────────────────────────────────────────

/** One revision of a record: a draft being worked on, or a version that was published (history). */
export class RevisionView {
  /** 1, 2, 3 … per record; what history and diff call a version. */
  number!: number;
  state!: RevisionState;
  /** Optimistic-locking version of this revision (If-Match for the next step). */
  version!: number;
  departmentCode!: string;
  returnReason!: string | null;
  effectiveFrom!: string | null;
  effectiveTo!: string | null;
  createdAt!: string;
  updatedAt!: string;
  submittedAt!: string | null;
  publishedAt!: string | null;
  /** The record in the exchange format (drafts and single records; not in history lists). */
  payload?: Record<string, unknown>;
}

export function toRevisionView(r: Revision, withPayload = true): RevisionView {
  return {
    number: r.number,
    state: r.state,
    version: r.version,
    departmentCode: r.departmentCode,
    returnReason: r.returnReason,
    effectiveFrom: r.effectiveFrom?.toISOString() ?? null,
    effectiveTo: r.effectiveTo?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    ...(withPayload ? { payload: r.payload } : {}),
  };
}

/** What the public sees of a record now. */
export class PublishedView {
  status!: 'draft' | 'published' | 'archived';
  /** The public version (the catalogue's `version`, as the public API and the change feed show it); If-Match to start a draft. */
  version!: number;
  archiveReason!: string | null;
  updatedAt!: Date;
  /** The record in the exchange format (without status). */
  record!: Record<string, unknown> | null;
}

/** A record as staff see it: what the public sees now, and the open revision being worked on. */
export class RecordView {
  kind!: WorkflowKind;
  code!: string;
  departmentCode!: string;
  published!: PublishedView | null;
  draft!: RevisionView | null;
}

/** One step someone took on a record (from the audit trail): who, when, what, on which version. */
export class WorkflowActivity {
  at!: string;
  /** The account's login (null for the scheduler or an import without an account). */
  login!: string | null;
  role!: string | null;
  /** create, update, submit, withdraw, publish, return, archive, restore, discard … */
  action!: string;
  /** The version (revision number) the step concerned, when it names one. */
  number!: number | null;
  /** The reason given (return, archive). */
  reason!: string | null;
  /** For restore: the version that was copied. */
  restoredFrom!: number | null;
}

/** An open revision in a list (the reviewer's queue, an editor's drafts). */
export class RevisionListItem extends RevisionView {
  code!: string;
  /** The record's name (matters, bundles) or title (guide entries). */
  title!: string;
}

export class RevisionPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: RevisionListItem[];
}

/** One field that differs between two versions (materials, fees … are matched by name: `materials[居民身份证].copies`). */
export class FieldChangeDto {
  field!: string;
  change!: 'added' | 'removed' | 'changed';
  /** The value before (absent when added). */
  before?: unknown;
  /** The value after (absent when removed). */
  after?: unknown;
}

export class RevisionDiff {
  from!: number;
  to!: number;
  changes!: FieldChangeDto[];
}

export class BatchResult {
  action!: 'submit' | 'withdraw' | 'publish' | 'return';
  /** The revisions after the step, in the order of the request. */
  items!: RevisionView[];
}

/** A department or service location as the system administrator reads and writes it. */
export class ReferenceRecordView {
  /** The record's version (If-Match for the next save). */
  version!: number;
  /** The record in the exchange format (status included, read-only). */
  record!: Record<string, unknown>;
}
