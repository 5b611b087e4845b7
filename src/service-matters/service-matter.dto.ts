import { IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import {
  CASE_TYPES,
  Coded,
  CORPORATE_THEMES,
  CROSS_REGION_SCOPES,
  EXERCISE_LEVELS,
  HANDLING_FORMS,
  labelled,
  LIFE_STAGES,
  MATTER_TYPES,
  LOCAL_MATTER_TYPE_LABELS,
  matterTypeLabel,
  ONLINE_DEPTHS,
  PERSONAL_THEMES,
  SERVICE_OBJECTS,
} from '../code-lists/code-lists';
import { CodedDto } from '../code-lists/code-lists.dto';
import { PageQueryDto } from '../common/pagination';
import { QueryBool } from '../common/query-params';
import { CODE_PATTERN } from '../common/validation';
import type { MatterParts } from '../exchange/exchange-records';
import { ChannelDto, LegalBasisDto, RedressDto, ResultDto, SpecialProcedureDto, TimeLimitDto } from '../exchange/exchange.dto';
import type { ServiceLocation } from '../service-locations/service-location.entity';
import type { ServiceMatter } from './service-matter.entity';

const list = (values: readonly string[]) => ({ message: `取值必须是以下之一：${values.join('、')}` });
export const THEME_LABELS = [...new Set([...Object.values(PERSONAL_THEMES), ...Object.values(CORPORATE_THEMES)])];
export const OBJECT_FILTERS = [...Object.keys(SERVICE_OBJECTS), 'personal', 'corporate'];

/** Filters the matter list and the search share: `theme` is a theme name (个人 and 法人 lists share names). */
export class MatterFilterFields {
  @IsOptional()
  @IsIn([...Object.keys(MATTER_TYPES), ...Object.keys(LOCAL_MATTER_TYPE_LABELS)], list(Object.keys(MATTER_TYPES)))
  type?: string;

  /** Service object code (1 自然人 …) or a group: personal (个人办事) / corporate (法人办事). */
  @IsOptional()
  @IsIn(OBJECT_FILTERS, list(OBJECT_FILTERS))
  object?: string;

  @IsOptional()
  @IsIn(THEME_LABELS, list(THEME_LABELS))
  theme?: string;

  @IsOptional()
  @IsIn(LIFE_STAGES as unknown as string[], list(LIFE_STAGES))
  lifeStage?: string;

  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  nearby?: boolean;

  /** Can be handled online (PC or mobile). */
  @IsOptional()
  @QueryBool()
  @IsBoolean({ message: '必须是 true 或 false' })
  online?: boolean;
}

export class MatterFilterDto extends IntersectionType(PageQueryDto, MatterFilterFields) {
  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;

  @IsOptional()
  @IsIn(CROSS_REGION_SCOPES as unknown as string[], list(CROSS_REGION_SCOPES))
  crossRegionScope?: string;
}

export class ListMattersQueryDto extends MatterFilterDto {
  /** Only matters handled at this place (as 办理地点 or 就近办 point), e.g. a township's 便民服务中心. */
  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  locationCode?: string;
}

const codes = (listOf: Record<string, string>, values: string[]): Coded[] => values.map((v) => labelled(listOf, v));
const isOnline = (m: ServiceMatter) => m.handlingForms.includes('2') || m.handlingForms.includes('3');

/** The department a matter belongs to. */
export class MatterDepartmentDto {
  code!: string;
  name!: string;
}

/** A matter in lists: enough to choose it (name, department, type, time limit, visits, online, nearby). */
export class MatterSummary {
  id!: string;
  code!: string;
  name!: string;
  department!: MatterDepartmentDto | null;
  matterType!: CodedDto;
  serviceObjects!: CodedDto[];
  /** 承诺办结时限. */
  promisedLimit!: TimeLimitDto | null;
  onSiteVisits!: number | null;
  online!: boolean;
  nearby!: boolean;
  updatedAt!: string;
}

/** One page of matters. */
export class MatterPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: MatterSummary[];
}

export function toMatterSummary(m: ServiceMatter): MatterSummary {
  return {
    id: m.id,
    code: m.code,
    name: m.name,
    department: m.department ? { code: m.department.code, name: m.department.name } : null,
    matterType: { code: m.matterType, label: matterTypeLabel(m.matterType) },
    serviceObjects: codes(SERVICE_OBJECTS, m.serviceObjects),
    promisedLimit: m.promisedLimit,
    onSiteVisits: m.onSiteVisits,
    online: isOnline(m),
    nearby: m.nearby,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A point on the map (WGS-84). */
export class LatLngDto {
  lat!: number;
  lng!: number;
}

/** A place where the matter is handled (or a nearby place that also handles it), with the matter's window. */
export class MatterPlaceDto {
  code!: string;
  name!: string;
  level!: string;
  address!: string | null;
  /** The window for this matter, when the place names one. */
  window!: string | null;
  hours!: string | null;
  phone!: string | null;
  location!: LatLngDto | null;
}

type Place = MatterPlaceDto;
function toPlace(l: ServiceLocation, extra: { window?: string | null; hours?: string | null; phone?: string | null } = {}): Place {
  return {
    code: l.code,
    name: l.name,
    level: l.level,
    address: l.address,
    window: extra.window ?? null,
    hours: extra.hours ?? l.hours,
    phone: extra.phone ?? l.phone,
    location: l.lat !== null && l.lng !== null ? { lat: l.lat, lng: l.lng } : null,
  };
}

/** 申请材料: one material the applicant brings (codes as stored; the code lists give their labels). */
export class MatterMaterialView {
  name!: string;
  necessity!: string | null;
  originality!: string | null;
  medium!: string | null;
  sourceChannel!: string | null;
  issuingOrg!: string | null;
  copies!: number | null;
  paperSpec!: string | null;
  blankFormUrl!: string | null;
  sampleUrl!: string | null;
  fillNotes!: string | null;
  acceptStandard!: string | null;
  legalBasis!: string | null;
  whenRequired!: string | null;
  sharedCertificate!: boolean | null;
}

/** 收费项目. */
export class MatterFeeView {
  name!: string;
  standard!: string;
  basis!: string | null;
  reducible!: boolean | null;
  reductionBasis!: string | null;
}

/** 办理环节. */
export class MatterStepView {
  name!: string;
  actor!: string | null;
  timeLimit!: string | null;
  reviewStandard!: string | null;
  result!: string | null;
}

/** 常见问题. */
export class MatterFaqView {
  question!: string;
  answer!: string;
}

/** The full public guide of one matter (办事指南), as GET /api/v1/matters/{code} returns it (and the portal renders it); codes with their labels. */
export class MatterDetail extends MatterSummary {
  baseCode!: string | null;
  caseCode!: string | null;
  mainItemName!: string | null;
  subItemName!: string | null;
  caseName!: string | null;
  exerciseLevels!: CodedDto[];
  powerSource!: string | null;
  implementerNature!: string | null;
  entrustedDepartment!: string | null;
  jointOrganizations!: string[];
  handlingOffice!: string | null;
  legalBasis!: LegalBasisDto[];
  conditions!: string | null;
  /** 申请材料, in order. */
  materials!: MatterMaterialView[];
  /** 无需提交材料: true when the matter asks for no materials (materials is then empty by rule). */
  noMaterialsRequired!: boolean;
  charged!: boolean;
  fees!: MatterFeeView[];
  processDescription!: string | null;
  /** 办理流程, in order. */
  steps!: MatterStepView[];
  specialProcedures!: SpecialProcedureDto[];
  /** 法定办结时限. */
  legalLimit!: TimeLimitDto | null;
  caseType!: CodedDto | null;
  handlingForms!: CodedDto[];
  onlineDepth!: CodedDto[];
  /** Handled online and no visit to a window needed. */
  fullyOnline!: boolean;
  onlineUrl!: string | null;
  mobileUrl!: string | null;
  onSiteReason!: string | null;
  /** Published places where the matter is handled (办理地点). */
  locations!: MatterPlaceDto[];
  /** Published nearby places that also handle it (就近办理). */
  nearbyLocations!: MatterPlaceDto[];
  consult!: ChannelDto | null;
  complaint!: ChannelDto | null;
  result!: ResultDto | null;
  quantityLimit!: string | null;
  intermediaryService!: string | null;
  crossRegionScope!: string | null;
  appointment!: boolean | null;
  onlinePayment!: boolean | null;
  express!: boolean | null;
  selfService!: boolean | null;
  personalThemes!: CodedDto[];
  corporateThemes!: CodedDto[];
  lifeStages!: string[];
  keywords!: string[];
  faqs!: MatterFaqView[];
  redress!: RedressDto | null;
  catalogueStatus!: string | null;
  effectiveFrom!: string | null;
  effectiveTo!: string | null;
  /** The record's version (optimistic locking of the staff routes). */
  version!: number;
}

/** The full public guide of one matter (办事指南), codes with their labels. */
export function toMatterDetail(m: ServiceMatter, parts: MatterParts, places: Map<string, ServiceLocation>): MatterDetail {
  const strip = <T extends { id: string; matterId: string; position: number }>(rows: T[]) =>
    [...rows].sort((a, b) => a.position - b.position).map(({ id: _i, matterId: _m, position: _p, ...rest }) => rest);
  const handling: Place[] = [];
  const nearby: Place[] = [];
  for (const link of [...parts.locations].sort((a, b) => a.position - b.position)) {
    const place = places.get(link.locationId);
    if (!place || place.status !== 'published') continue;
    (link.kind === 'handling' ? handling : nearby).push(toPlace(place, link));
  }
  return {
    ...toMatterSummary(m),
    baseCode: m.baseCode,
    caseCode: m.caseCode,
    mainItemName: m.mainItemName,
    subItemName: m.subItemName,
    caseName: m.caseName,
    exerciseLevels: codes(EXERCISE_LEVELS, m.exerciseLevels),
    powerSource: m.powerSource,
    implementerNature: m.implementerNature,
    entrustedDepartment: m.entrustedDepartment,
    jointOrganizations: m.jointOrganizations,
    handlingOffice: m.handlingOffice,
    legalBasis: m.legalBasis,
    conditions: m.conditions,
    materials: strip(parts.materials),
    noMaterialsRequired: m.noMaterialsRequired,
    charged: m.charged,
    fees: strip(parts.fees),
    processDescription: m.processDescription,
    steps: strip(parts.steps),
    specialProcedures: m.specialProcedures,
    legalLimit: m.legalLimit,
    caseType: m.caseType ? labelled(CASE_TYPES, m.caseType) : null,
    handlingForms: codes(HANDLING_FORMS, m.handlingForms),
    onlineDepth: codes(ONLINE_DEPTHS, m.onlineDepth),
    fullyOnline: isOnline(m) && m.onSiteVisits === 0,
    onlineUrl: m.onlineUrl,
    mobileUrl: m.mobileUrl,
    onSiteReason: m.onSiteReason,
    locations: handling,
    nearbyLocations: nearby,
    consult: m.consult,
    complaint: m.complaint,
    result: m.result,
    quantityLimit: m.quantityLimit,
    intermediaryService: m.intermediaryService,
    crossRegionScope: m.crossRegionScope,
    appointment: m.appointment,
    onlinePayment: m.onlinePayment,
    express: m.express,
    selfService: m.selfService,
    personalThemes: codes(PERSONAL_THEMES, m.personalThemes),
    corporateThemes: codes(CORPORATE_THEMES, m.corporateThemes),
    lifeStages: m.lifeStages,
    keywords: m.keywords,
    faqs: strip(parts.faqs),
    redress: m.redress,
    catalogueStatus: m.catalogueStatus,
    effectiveFrom: m.effectiveFrom,
    effectiveTo: m.effectiveTo,
    version: m.version,
  };
}
