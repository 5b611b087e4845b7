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
import { PageQueryDto } from '../common/pagination';
import { QueryBool } from '../common/query-params';
import { CODE_PATTERN } from '../common/validation';
import type { MatterParts } from '../exchange/exchange-records';
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

export class ListMattersQueryDto extends MatterFilterDto {}

const codes = (listOf: Record<string, string>, values: string[]): Coded[] => values.map((v) => labelled(listOf, v));
const isOnline = (m: ServiceMatter) => m.handlingForms.includes('2') || m.handlingForms.includes('3');

/** A matter in lists: enough to choose it (name, department, type, time limit, visits, online, nearby). */
export class MatterSummary {
  id!: string;
  code!: string;
  name!: string;
  department!: { code: string; name: string } | null;
  matterType!: Coded;
  serviceObjects!: Coded[];
  promisedLimit!: ServiceMatter['promisedLimit'];
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

type Place = ReturnType<typeof toPlace>;
function toPlace(l: ServiceLocation, extra: { window?: string | null; hours?: string | null; phone?: string | null } = {}) {
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

/** The full public guide of one matter, as GET /api/v1/matters/{code} returns it (and the portal renders it). */
export type MatterDetail = ReturnType<typeof toMatterDetail>;

/** The full public guide of one matter (办事指南), codes with their labels. */
export function toMatterDetail(m: ServiceMatter, parts: MatterParts, places: Map<string, ServiceLocation>) {
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
