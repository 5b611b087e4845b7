import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { QueryBool } from '../common/query-params';
import { CODE_PATTERN } from '../common/validation';
import { MatterFilterFields } from '../service-matters/service-matter.dto';

const list = (values: readonly string[]) => ({ message: `取值必须是以下之一：${values.join('、')}` });

export class SearchQueryDto extends MatterFilterFields {
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(100, { message: '不能超过 100 个字符' })
  q?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '部门编码格式不正确' })
  department?: string;

  @IsOptional()
  @IsIn(['matter', 'guide', 'bundle'], list(['matter', 'guide', 'bundle']))
  kind?: 'matter' | 'guide' | 'bundle';

  /** Citizen position "lat,lng": each hit lists its places nearest first. */
  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: '格式必须是 纬度,经度（例：41.59,121.80）' })
  near?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(20, { message: '不能大于 20' })
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(50, { message: '不能大于 50' })
  limit: number = 10;

  /**
   * Count the results per filter value (`facets`). Default true, as before this parameter existed; a client that
   * shows no filter counts sends false and gets `facets: {}` — faster, the engine skips the counting.
   */
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  facets: boolean = true;

  /**
   * Matches marked with <em> in `highlight.name` and a cropped `highlight.snippet`. Default true, as before; false
   * = `highlight.name` is the plain (escaped) name and there is no snippet — faster.
   */
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  highlight: boolean = true;
}

export class SuggestQueryDto {
  @IsString({ message: '必须是字符串' })
  @MaxLength(100, { message: '不能超过 100 个字符' })
  q: string;
}

export class SearchClickDto {
  @IsString({ message: '必须是字符串' })
  @MaxLength(100, { message: '不能超过 100 个字符' })
  q: string;

  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  code: string;
}

// ── responses (classes, so the OpenAPI plugin describes them) ───────────────────────────────────────────────

export class CodeNameDto {
  code!: string;
  name!: string;
}

/** Type-ahead answer: at most 10 matter names. */
export class SuggestResponse {
  suggestions!: CodeNameDto[];
  /** True when the search engine was unavailable and the names came from a plain substring match in the database. */
  degraded?: boolean;
}

/** Highlighted fragments, HTML-escaped, with matches in <em>. */
export class HighlightDto {
  name?: string;
  snippet?: string;
}

/** A place where the matter is handled, nearest first when `near` was given. */
export class NearbyPlaceDto {
  code!: string;
  name!: string;
  address!: string | null;
  distanceMeters!: number;
}

export class SearchHit {
  kind!: 'matter' | 'guide' | 'bundle';
  id!: string;
  code!: string;
  name!: string;
  department!: CodeNameDto;
  matterType?: string;
  timeLimit?: string;
  onSiteVisits?: number | null;
  online?: boolean;
  nearby?: boolean;
  /** Guide entries: which of the four lists. */
  list?: string;
  highlight!: HighlightDto;
  places?: NearbyPlaceDto[];
  /** Placed first by a staff best bet. */
  pinned?: boolean;
  /**
   * Same-name results collapsed into this one (e.g. the same 代办 entry of 14 villages): how many there are —
   * render as "在 N 个村/社区可办". Absent when the result is unique. With `near`, the shown one is the nearest.
   */
  sameNameCount?: number;
  /** The units (departments, villages) of the collapsed same-name results, the shown one first. */
  sameNameDepartments?: CodeNameDto[];
}

export class FacetValue {
  value!: string;
  label!: string;
  count!: number;
}

export class SearchResponse {
  /** The query as understood (normalised). */
  query!: string;
  /**
   * How many results are about the query, after the relevance floor and same-name collapse: exact when the list was
   * fetched whole (or the floor cut it), else the engine's estimate. 0 = nothing is really about the query.
   */
  total!: number;
  page!: number;
  limit!: number;
  tookMs!: number;
  /** true = Meilisearch was unavailable and Postgres answered (simpler ranking, no facets). */
  degraded!: boolean;
  hits!: SearchHit[];
  /** Per facet (kind, department, type, object, theme, lifeStage, nearby, online, crossRegionScope): values with counts. */
  facets!: Record<string, FacetValue[]>;
  /** "Did you mean" suggestions when little or nothing was found. */
  suggestions!: string[];
}
