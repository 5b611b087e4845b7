import type { ReadType } from './cell-values';
import { childSheets, RecordKind, topSheet } from './sheet-layout';

/**
 * CSV export columns per kind (GET /api/v1/export?format=csv): the exchange field names; lists joined by '；',
 * nested objects as JSON, arrays of objects as JSON values joined by '；'. The reader accepts the same shape,
 * so an exported CSV imports back unchanged.
 */
export const CSV_COLUMNS: Record<RecordKind, string[]> = {
  departments: ['code', 'name', 'shortName', 'kind', 'uscc', 'regionCode', 'parentCode', 'inCentre', 'centreWindows', 'phone', 'complaintPhone', 'address'],
  locations: ['code', 'name', 'level', 'departmentCode', 'address', 'hours', 'phone', 'lat', 'lng', 'windows'],
  matters: [
    'code',
    'name',
    'departmentCode',
    'matterType',
    'baseCode',
    'exerciseLevels',
    'serviceObjects',
    'conditions',
    'materials',
    'noMaterialsRequired',
    'charged',
    'fees',
    'legalLimit',
    'promisedLimit',
    'caseType',
    'handlingForms',
    'onlineUrl',
    'onSiteVisits',
    'nearby',
    'nearbyLocationCodes',
    'consult',
    'complaint',
    'crossRegionScope',
    'personalThemes',
    'corporateThemes',
    'lifeStages',
    'keywords',
  ],
  guides: ['code', 'title', 'departmentCode', 'list', 'matterCode', 'contact', 'timeLimit', 'fees', 'place', 'hours', 'complaintChannels'],
  bundles: ['code', 'name', 'departmentCode', 'matterCodes', 'sharedMaterials', 'lifeStages'],
};

/** How a top-level exchange field of `kind` is read from a CSV column named after it; undefined = no such field. */
export function fieldReadType(kind: RecordKind, field: string): ReadType | undefined {
  const columns = topSheet(kind).columns;
  const own = columns.find((c) => c.path === field);
  if (own) return own.type;
  if (columns.some((c) => c.path.startsWith(`${field}.`))) return { kind: 'json' };
  if (childSheets(kind).some((s) => s.child!.field === field)) return { kind: 'jsonList' };
  return undefined;
}
