import { CORPORATE_OBJECTS, CORPORATE_THEMES, GUIDE_LISTS, matterTypeLabel, PERSONAL_OBJECTS, PERSONAL_THEMES } from '../code-lists/code-lists';
import type { Bundle } from '../bundles/bundle.entity';
import type { GuideEntry } from '../guide-entries/guide-entry.entity';
import type { ServiceLocation } from '../service-locations/service-location.entity';
import type { MatterParts } from '../exchange/exchange-records';
import type { ServiceMatter } from '../service-matters/service-matter.entity';
import { conceptIdsOf, everydayWordsOf, FOLLOW_UP_NAME } from './concept-match';
import { pinyinFields } from './pinyin';

export type SearchKind = 'matter' | 'guide' | 'bundle';

/** One searchable record in the catalogue index. Matters, guide entries and bundles share one index. */
export interface SearchDocument {
  id: string;
  kind: SearchKind;
  recordId: string;
  code: string;
  name: string;
  keywords: string[];
  py: string;
  pyj: string;
  pyi: string;
  mainItemName?: string;
  department: string;
  departmentCode: string;
  type?: string;
  typeLabel?: string;
  objects: string[];
  themes: string[];
  lifeStages: string[];
  nearby: boolean;
  online: boolean;
  crossRegionScope?: string;
  list?: string;
  /** Guide essentials shown in results. */
  timeLimit?: string;
  onSiteVisits?: number | null;
  locationCodes: string[];
  text: string;
  /** Concepts of the lexicon (lexicon/concepts.ts) whose official wording the name or keywords contain. */
  conceptIds: string[];
  /** The everyday words of those concepts (index-time expansion), searchable below every official field. */
  everyday: string;
  /** Same-name results collapse into one in the API (lower-cased name without spaces). */
  collapseKey: string;
  /** 0 the matter itself, 1 a follow-up case (变更, 延续, 补领, 注销 …), 2 information only (咨询, 查询). */
  caseTier: number;
  version: number;
}

const INFORMATION = /咨询|查询/;

/**
 * Among equally relevant matters a citizen usually wants the matter itself (新办, 设立, 核发), not a follow-up
 * case or an information service; a query that names the case (补领, 注销 …) matches those words and ranks
 * them first through the `words` rule anyway. Used as the last ranking rule, a tie-breaker only.
 */
export function caseTier(name: string): number {
  return INFORMATION.test(name) ? 2 : FOLLOW_UP_NAME.test(name) ? 1 : 0;
}

export interface LocationDocument {
  id: string;
  code: string;
  name: string;
  level: string;
  address: string | null;
  hours: string | null;
  phone: string | null;
  _geo: { lat: number; lng: number };
}

export const documentId = (kind: SearchKind, recordId: string) => `${kind}-${recordId}`;
const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
const truncate = (s: string, n = 3000) => (s.length > n ? s.slice(0, n) : s);
export const collapseKeyOf = (kind: SearchKind, name: string) => `${kind}:${name.replace(/\s+/g, '').toLowerCase()}`;

function conceptFields(kind: SearchKind, name: string, keywords: string[]) {
  const conceptIds = conceptIdsOf(name, keywords);
  return { conceptIds, everyday: everydayWordsOf(conceptIds), collapseKey: collapseKeyOf(kind, name) };
}

function limitText(limit: ServiceMatter['promisedLimit']): string | undefined {
  if (!limit) return undefined;
  if (limit.value === 0) return '即办';
  if (limit.value === null || limit.value === undefined) return limit.note ?? undefined;
  return `${limit.value}个${limit.unit ?? '工作日'}`;
}

function themeLabels(personal: string[], corporate: string[]): string[] {
  return uniq([...personal.map((c) => PERSONAL_THEMES[c]), ...corporate.map((c) => CORPORATE_THEMES[c])]);
}

function objectFacets(objects: string[]): string[] {
  const groups: string[] = [];
  if (objects.some((o) => PERSONAL_OBJECTS.includes(o))) groups.push('personal');
  if (objects.some((o) => CORPORATE_OBJECTS.includes(o))) groups.push('corporate');
  return [...objects, ...groups];
}

/** Pure: a published matter (with its department, parts and place codes) → its search document. */
export function matterDocument(
  m: ServiceMatter & { department: { code: string; name: string; shortName?: string | null } },
  parts: MatterParts,
  locationCodes: Map<string, string>,
): SearchDocument {
  const keywords = uniq(m.keywords);
  return {
    id: documentId('matter', m.id),
    kind: 'matter',
    recordId: m.id,
    code: m.code,
    name: m.name,
    keywords,
    ...pinyinFields([m.name, ...keywords]),
    mainItemName: m.mainItemName && m.mainItemName !== m.name ? m.mainItemName : undefined,
    department: m.department.name,
    departmentCode: m.department.code,
    type: m.matterType,
    typeLabel: matterTypeLabel(m.matterType),
    objects: objectFacets(m.serviceObjects),
    themes: themeLabels(m.personalThemes, m.corporateThemes),
    lifeStages: m.lifeStages,
    nearby: m.nearby,
    online: m.handlingForms.includes('2') || m.handlingForms.includes('3'),
    crossRegionScope: m.crossRegionScope ?? undefined,
    timeLimit: limitText(m.promisedLimit),
    onSiteVisits: m.onSiteVisits,
    locationCodes: uniq(parts.locations.map((l) => locationCodes.get(l.locationId))),
    text: truncate(
      [m.conditions, parts.materials.map((x) => x.name).join('；'), parts.faqs.map((f) => f.question).join('；'), m.result?.name].filter(Boolean).join('\n'),
    ),
    ...conceptFields('matter', m.name, keywords),
    caseTier: caseTier(m.name),
    version: m.version,
  };
}

export function guideDocument(
  g: GuideEntry & { department: { code: string; name: string } },
  matter: { name: string; keywords: string[] } | null,
  placeCodes: string[] = [],
): SearchDocument {
  const keywords = uniq([...(matter ? [matter.name, ...matter.keywords] : [])]);
  return {
    id: documentId('guide', g.id),
    kind: 'guide',
    recordId: g.id,
    code: g.code,
    name: g.title,
    keywords,
    ...pinyinFields([g.title]),
    department: g.department.name,
    departmentCode: g.department.code,
    objects: [],
    themes: [],
    lifeStages: [],
    nearby: false,
    online: false,
    list: GUIDE_LISTS[g.list],
    timeLimit: g.timeLimit ?? undefined,
    locationCodes: uniq(placeCodes),
    text: truncate(
      [g.conditions, g.materials.join('；'), g.steps.join('；'), g.prohibitedConduct.join('；'), g.deferrableMaterials.join('；'), g.commitment, g.place]
        .filter(Boolean)
        .join('\n'),
    ),
    ...conceptFields('guide', g.title, keywords),
    caseTier: caseTier(g.title),
    version: g.version,
  };
}

export function bundleDocument(b: Bundle & { department?: { code: string; name: string } | null }, matterNames: string[]): SearchDocument {
  return {
    id: documentId('bundle', b.id),
    kind: 'bundle',
    recordId: b.id,
    code: b.code,
    name: b.name,
    keywords: [],
    ...pinyinFields([b.name]),
    department: b.department?.name ?? '',
    departmentCode: b.department?.code ?? '',
    objects: [],
    themes: [],
    lifeStages: b.lifeStages,
    nearby: false,
    online: false,
    locationCodes: [],
    text: truncate([b.description, matterNames.join('；'), b.sharedMaterials.join('；')].filter(Boolean).join('\n')),
    ...conceptFields('bundle', b.name, []),
    caseTier: 0,
    version: b.version,
  };
}

export function locationDocument(l: ServiceLocation): LocationDocument | null {
  if (l.lat === null || l.lng === null) return null;
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    level: l.level,
    address: l.address,
    hours: l.hours,
    phone: l.phone,
    _geo: { lat: l.lat, lng: l.lng },
  };
}
