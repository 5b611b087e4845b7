import type { Bundle } from '../bundles/bundle.entity';
import type { Department } from '../departments/department.entity';
import type { GuideEntry } from '../guide-entries/guide-entry.entity';
import type { ServiceLocation } from '../service-locations/service-location.entity';
import type { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from '../service-matters/matter-parts.entity';
import type { ServiceMatter } from '../service-matters/service-matter.entity';
import type { ExchangeBundleDto, ExchangeDepartmentDto, ExchangeGuideDto, ExchangeLocationDto, ExchangeMatterDto } from './exchange.dto';

/**
 * Pure mappings between exchange records and database rows. A record in a file is the whole record:
 * absent, null and empty values all mean "none", so both directions go through `clean`, and comparing two
 * cleaned records tells whether an import changes anything (idempotent re-imports write nothing).
 */
export function clean<T>(value: T): T | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => clean(v)).filter((v) => v !== undefined);
    return (items.length ? items : undefined) as T | undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, clean(v)] as const)
      .filter(([, v]) => v !== undefined);
    return (entries.length ? Object.fromEntries(entries) : undefined) as T | undefined;
  }
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** Stable JSON (sorted keys) of a cleaned record, for change detection. */
export function fingerprint(record: object): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(clean(record) ?? {}));
}

/** Booleans whose column defaults to false: false and absent are the same record. */
function withoutFalse<T extends object>(record: T, keys: (keyof T)[]): T {
  const out = { ...record };
  for (const k of keys) if (out[k] === (false as never)) delete out[k];
  return out;
}

export function canonicalDepartment(d: ExchangeDepartmentDto): ExchangeDepartmentDto {
  return withoutFalse(clean({ ...d, status: d.status ?? 'published' })!, ['inCentre']);
}
export function canonicalLocation(l: ExchangeLocationDto): ExchangeLocationDto {
  return clean({ ...l, status: l.status ?? 'published' })!;
}
export function canonicalMatter(m: ExchangeMatterDto): ExchangeMatterDto {
  return withoutFalse(clean({ ...m, status: m.status ?? 'published' })!, ['charged', 'nearby', 'noMaterialsRequired']);
}
export function canonicalGuide(g: ExchangeGuideDto): ExchangeGuideDto {
  return clean({ ...g, status: g.status ?? 'published' })!;
}
export function canonicalBundle(b: ExchangeBundleDto): ExchangeBundleDto {
  return clean({ ...b, status: b.status ?? 'published' })!;
}

const CANONICAL = {
  departments: canonicalDepartment,
  locations: canonicalLocation,
  matters: canonicalMatter,
  guides: canonicalGuide,
  bundles: canonicalBundle,
} as const;

/**
 * A record of any kind in its canonical form without `status` (what the export returns for it): absent, empty and
 * default-false values dropped. Two payloads that import to the same row have the same canonical form, so
 * revisions compare and diff by it.
 */
export function canonicalRecord(kind: keyof typeof CANONICAL, record: object): Record<string, unknown> {
  const canonical = CANONICAL[kind](record as never) as unknown as Record<string, unknown>;
  const { status: _s, ...rest } = canonical;
  return rest;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Lookups from codes to ids (existing rows plus ids pre-assigned to new rows of the same import). */
export interface IdMaps {
  departments: Map<string, string>;
  locations: Map<string, string>;
  matters: Map<string, string>;
}

export function departmentRow(d: ExchangeDepartmentDto, id: string, ids: IdMaps): Partial<Department> {
  return {
    id,
    code: d.code,
    name: d.name,
    shortName: orNull(d.shortName),
    aliases: d.aliases ?? [],
    uscc: orNull(d.uscc),
    regionCode: orNull(d.regionCode),
    kind: orNull(d.kind),
    parentId: d.parentCode ? ids.departments.get(d.parentCode)! : null,
    inCentre: d.inCentre ?? false,
    centreWindows: orNull(d.centreWindows),
    phone: orNull(d.phone),
    complaintPhone: orNull(d.complaintPhone),
    address: orNull(d.address),
    status: (d.status ?? 'published') as Department['status'],
  };
}

export function locationRow(l: ExchangeLocationDto, id: string, ids: IdMaps): Partial<ServiceLocation> {
  return {
    id,
    code: l.code,
    name: l.name,
    level: l.level,
    regionCode: orNull(l.regionCode),
    departmentId: l.departmentCode ? ids.departments.get(l.departmentCode)! : null,
    parentId: l.parentCode ? ids.locations.get(l.parentCode)! : null,
    address: orNull(l.address),
    hours: orNull(l.hours),
    phone: orNull(l.phone),
    lat: orNull(l.lat),
    lng: orNull(l.lng),
    windows: l.windows ?? [],
    status: (l.status ?? 'published') as ServiceLocation['status'],
  };
}

export function matterRow(m: ExchangeMatterDto, id: string, ids: IdMaps): Partial<ServiceMatter> {
  return {
    id,
    code: m.code,
    name: m.name,
    departmentId: ids.departments.get(m.departmentCode)!,
    matterType: m.matterType,
    baseCode: orNull(m.baseCode),
    caseCode: orNull(m.caseCode),
    mainItemName: orNull(m.mainItemName),
    subItemName: orNull(m.subItemName),
    caseName: orNull(m.caseName),
    exerciseLevels: m.exerciseLevels ?? [],
    powerSource: orNull(m.powerSource),
    implementerNature: orNull(m.implementerNature),
    entrustedDepartment: orNull(m.entrustedDepartment),
    jointOrganizations: m.jointOrganizations ?? [],
    handlingOffice: orNull(m.handlingOffice),
    legalBasis: m.legalBasis ?? [],
    conditions: orNull(m.conditions),
    noMaterialsRequired: m.noMaterialsRequired ?? false,
    charged: m.charged ?? false,
    processDescription: orNull(m.processDescription),
    specialProcedures: m.specialProcedures ?? [],
    legalLimit: orNull(m.legalLimit),
    promisedLimit: orNull(m.promisedLimit),
    caseType: orNull(m.caseType),
    serviceObjects: m.serviceObjects ?? [],
    handlingForms: m.handlingForms ?? [],
    onlineDepth: m.onlineDepth ?? [],
    onlineUrl: orNull(m.onlineUrl),
    mobileUrl: orNull(m.mobileUrl),
    onSiteVisits: orNull(m.onSiteVisits),
    onSiteReason: orNull(m.onSiteReason),
    nearby: m.nearby ?? false,
    consult: orNull(m.consult),
    complaint: orNull(m.complaint),
    result: orNull(m.result),
    quantityLimit: orNull(m.quantityLimit),
    intermediaryService: orNull(m.intermediaryService),
    crossRegionScope: orNull(m.crossRegionScope),
    appointment: orNull(m.appointment),
    onlinePayment: orNull(m.onlinePayment),
    express: orNull(m.express),
    selfService: orNull(m.selfService),
    personalThemes: m.personalThemes ?? [],
    corporateThemes: m.corporateThemes ?? [],
    lifeStages: m.lifeStages ?? [],
    keywords: m.keywords ?? [],
    redress: orNull(m.redress),
    catalogueStatus: orNull(m.catalogueStatus),
    effectiveFrom: orNull(m.effectiveFrom),
    effectiveTo: orNull(m.effectiveTo),
    status: (m.status ?? 'published') as ServiceMatter['status'],
  };
}

/** Child rows of one matter, in the order the record lists them. */
export function matterChildRows(m: ExchangeMatterDto, matterId: string, ids: IdMaps) {
  const at = <T extends object>(list: T[] | undefined) => (list ?? []).map((item, position) => ({ ...item, matterId, position }));
  return {
    materials: at(m.materials) as Partial<MatterMaterial>[],
    fees: at(m.fees) as Partial<MatterFee>[],
    steps: at(m.steps) as Partial<MatterStep>[],
    faqs: at(m.faqs) as Partial<MatterFaq>[],
    locations: [
      ...(m.locations ?? []).map((l, position) => ({
        matterId,
        locationId: ids.locations.get(l.locationCode)!,
        kind: 'handling' as const,
        position,
        window: orNull(l.window),
        hours: orNull(l.hours),
        phone: orNull(l.phone),
      })),
      ...(m.nearbyLocationCodes ?? []).map((code, position) => ({
        matterId,
        locationId: ids.locations.get(code)!,
        kind: 'nearby' as const,
        position,
        window: null,
        hours: null,
        phone: null,
      })),
    ] as Partial<MatterLocation>[],
  };
}

export function guideRow(g: ExchangeGuideDto, id: string, ids: IdMaps): Partial<GuideEntry> {
  return {
    id,
    code: g.code,
    title: g.title,
    departmentId: ids.departments.get(g.departmentCode)!,
    list: g.list,
    matterId: g.matterCode ? ids.matters.get(g.matterCode)! : null,
    contact: orNull(g.contact),
    conditions: orNull(g.conditions),
    materials: g.materials ?? [],
    steps: g.steps ?? [],
    timeLimit: orNull(g.timeLimit),
    fees: orNull(g.fees),
    place: orNull(g.place),
    hours: orNull(g.hours),
    prohibitedConduct: g.prohibitedConduct ?? [],
    deferrableMaterials: g.deferrableMaterials ?? [],
    commitment: orNull(g.commitment),
    complaintChannels: g.complaintChannels ?? [],
    qrUrl: orNull(g.qrUrl),
    handbookPage: orNull(g.handbookPage),
    status: (g.status ?? 'published') as GuideEntry['status'],
  };
}

export function bundleRow(b: ExchangeBundleDto, id: string, ids: IdMaps): Partial<Bundle> {
  return {
    id,
    code: b.code,
    name: b.name,
    description: orNull(b.description),
    departmentId: b.departmentCode ? ids.departments.get(b.departmentCode)! : null,
    sharedMaterials: b.sharedMaterials ?? [],
    lifeStages: b.lifeStages ?? [],
    status: (b.status ?? 'published') as Bundle['status'],
  };
}

/** Reverse lookups from ids to codes, for export. */
export interface CodeMaps {
  departments: Map<string, string>;
  locations: Map<string, string>;
  matters: Map<string, string>;
}

const part = <T extends object>(row: T, drop: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)));
const PART_KEYS = ['id', 'matterId', 'position', 'matter'];

export function departmentToExchange(d: Department, codes: CodeMaps): ExchangeDepartmentDto {
  return canonicalDepartment({
    code: d.code,
    name: d.name,
    shortName: d.shortName ?? undefined,
    aliases: d.aliases,
    uscc: d.uscc ?? undefined,
    regionCode: d.regionCode ?? undefined,
    kind: d.kind ?? undefined,
    parentCode: d.parentId ? codes.departments.get(d.parentId) : undefined,
    inCentre: d.inCentre,
    centreWindows: d.centreWindows ?? undefined,
    phone: d.phone ?? undefined,
    complaintPhone: d.complaintPhone ?? undefined,
    address: d.address ?? undefined,
    status: d.status,
  });
}

export function locationToExchange(l: ServiceLocation, codes: CodeMaps): ExchangeLocationDto {
  return canonicalLocation({
    code: l.code,
    name: l.name,
    level: l.level,
    regionCode: l.regionCode ?? undefined,
    departmentCode: l.departmentId ? codes.departments.get(l.departmentId) : undefined,
    parentCode: l.parentId ? codes.locations.get(l.parentId) : undefined,
    address: l.address ?? undefined,
    hours: l.hours ?? undefined,
    phone: l.phone ?? undefined,
    lat: l.lat ?? undefined,
    lng: l.lng ?? undefined,
    windows: l.windows,
    status: l.status,
  });
}

export interface MatterParts {
  materials: MatterMaterial[];
  fees: MatterFee[];
  steps: MatterStep[];
  faqs: MatterFaq[];
  locations: MatterLocation[];
}

export function matterToExchange(m: ServiceMatter, parts: MatterParts, codes: CodeMaps): ExchangeMatterDto {
  const byPosition = <T extends { position: number }>(list: T[]) => [...list].sort((a, b) => a.position - b.position);
  const {
    id: _id,
    departmentId,
    department: _d,
    createdAt: _c,
    updatedAt: _u,
    version: _v,
    materials: _m,
    fees: _f,
    steps: _s,
    faqs: _q,
    locations: _l,
    ...fields
  } = m;
  return canonicalMatter({
    ...(fields as unknown as ExchangeMatterDto),
    departmentCode: codes.departments.get(departmentId)!,
    legalLimit: m.legalLimit ?? undefined,
    promisedLimit: m.promisedLimit ?? undefined,
    materials: byPosition(parts.materials).map((x) => part(x, PART_KEYS)) as ExchangeMatterDto['materials'],
    fees: byPosition(parts.fees).map((x) => part(x, PART_KEYS)) as ExchangeMatterDto['fees'],
    steps: byPosition(parts.steps).map((x) => part(x, PART_KEYS)) as ExchangeMatterDto['steps'],
    faqs: byPosition(parts.faqs).map((x) => part(x, PART_KEYS)) as ExchangeMatterDto['faqs'],
    locations: byPosition(parts.locations.filter((l) => l.kind === 'handling')).map((l) => ({
      locationCode: codes.locations.get(l.locationId)!,
      window: l.window ?? undefined,
      hours: l.hours ?? undefined,
      phone: l.phone ?? undefined,
    })),
    nearbyLocationCodes: byPosition(parts.locations.filter((l) => l.kind === 'nearby')).map((l) => codes.locations.get(l.locationId)!),
  });
}

export function guideToExchange(g: GuideEntry, codes: CodeMaps): ExchangeGuideDto {
  const { id: _id, departmentId, department: _d, matterId, matter: _m, createdAt: _c, updatedAt: _u, version: _v, ...fields } = g;
  return canonicalGuide({
    ...(fields as unknown as ExchangeGuideDto),
    departmentCode: codes.departments.get(departmentId)!,
    matterCode: matterId ? codes.matters.get(matterId) : undefined,
  });
}

export function bundleToExchange(b: Bundle, matterIds: string[], codes: CodeMaps): ExchangeBundleDto {
  return canonicalBundle({
    code: b.code,
    name: b.name,
    description: b.description ?? undefined,
    departmentCode: b.departmentId ? codes.departments.get(b.departmentId) : undefined,
    matterCodes: matterIds.map((id) => codes.matters.get(id)!),
    sharedMaterials: b.sharedMaterials,
    lifeStages: b.lifeStages,
    status: b.status,
  });
}
