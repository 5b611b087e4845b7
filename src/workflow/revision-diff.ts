/**
 * Field-by-field difference between two versions of an exchange record. Nested lists (materials, fees, steps,
 * FAQs, places …) are matched by their natural key — `name`, `title`, `question`, `locationCode` — when it is
 * unique in both versions, else by position, so "材料[居民身份证].copies: 1 → 2" reads as a clerk would say it.
 */
export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const KEYS = ['code', 'locationCode', 'name', 'title', 'question', 'order'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A field that identifies every item within each list (present, scalar, unique), if there is one. */
function keyOf(...lists: unknown[][]): string | undefined {
  if (!lists.every((l) => l.every(isPlainObject)) || lists.every((l) => l.length === 0)) return undefined;
  return KEYS.find((k) =>
    lists.every((l) => {
      const values = (l as Record<string, unknown>[]).map((i) => i[k]);
      return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
    }),
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffRecords(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (same(before, after)) return [];
  if (before === undefined || before === null) return [{ field: path, change: 'added', after }];
  if (after === undefined || after === null) return [{ field: path, change: 'removed', before }];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffRecords(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = keyOf(before, after);
    if (key) {
      const b = new Map((before as Record<string, unknown>[]).map((i) => [String(i[key]), i]));
      const a = new Map((after as Record<string, unknown>[]).map((i) => [String(i[key]), i]));
      const ids = [...new Set([...b.keys(), ...a.keys()])];
      return ids.flatMap((id) => diffRecords(b.get(id), a.get(id), `${path}[${id}]`));
    }
    if (before.every((v) => !isPlainObject(v)) && after.every((v) => !isPlainObject(v))) {
      return [{ field: path, change: 'changed', before, after }]; // lists of codes or texts read best whole
    }
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => diffRecords(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return [{ field: path, change: 'changed', before, after }];
}
