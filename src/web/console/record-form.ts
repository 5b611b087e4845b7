/**
 * The console's record editors as data, and the two pure mappings between a form post and an exchange-format
 * payload — one mechanism for matters (matter-form.ts), guide entries and bundles (content-forms.ts) and the
 * system administrator's departments and places. A form edits the fields it shows; fields it does not show (and
 * fields of list items it does not show) are carried over from the stored version, so saving from the console never
 * loses data an import brought in. Validation is not here: the page hands the payload to the same ValidationPipe
 * and service the JSON API uses.
 */
export type Payload = Record<string, unknown>;
export type Options = readonly (readonly [string, string])[];

export interface ScalarField {
  /** API path: name, promisedLimit.value */
  path: string;
  label: string;
  kind: 'text' | 'textarea' | 'int' | 'number' | 'select' | 'checkbox' | 'codes' | 'lines' | 'url' | 'tel';
  options?: Options;
  hint?: string;
  required?: boolean;
}

export interface PartField {
  key: string;
  label: string;
  kind: 'text' | 'textarea' | 'int' | 'select';
  options?: Options;
  required?: boolean;
}

/** A repeating part (materials, complaint channels …): a list of objects, one fieldset per item. */
export interface Part {
  key: string;
  label: string;
  item: string;
  fields: PartField[];
}

export interface FormDef {
  sections: { title: string; fields: ScalarField[] }[];
  parts: Part[];
}

export interface RecordForm {
  payload: Payload;
  /** For each part, the index in the stored version each row came from (null = a new row). */
  origins: Record<string, (number | null)[]>;
}

export const listOptions = (values: readonly string[]): Options => values.map((v) => [v, v] as const);
export const codeOptions = (c: Record<string, string>): Options => Object.entries(c);

export function getPath(o: Payload | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Payload)[k] : undefined), o);
}

function setPath(o: Payload, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object' || Array.isArray(at[k])) at[k] = {};
    at = at[k] as Payload;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  if (keys.length > 1 && Object.keys(at).length === 0) setPath(o, keys.slice(0, -1).join('.'), undefined);
}

/** A form value as text ('' for absent); arrays and objects from a tampered form are not text. */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Whole numbers become numbers; anything else stays text, so validation names it ("必须是整数"). */
const intOrText = (s: string): unknown => (/^\s*-?\d{1,9}\s*$/.test(s) ? Number(s) : s);
const numberOrText = (s: string): unknown => (/^\s*-?\d{1,4}(\.\d{1,12})?\s*$/.test(s) ? Number(s) : s);

/** qs gives arrays for small indexes and objects for large or sparse ones; either becomes a list in index order. */
function rowsOf(v: unknown): Payload[] {
  if (Array.isArray(v)) return v.filter((r): r is Payload => !!r && typeof r === 'object');
  if (v && typeof v === 'object') {
    return Object.entries(v as Payload)
      .filter(([k]) => /^\d+$/.test(k))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, r]) => r)
      .filter((r): r is Payload => !!r && typeof r === 'object');
  }
  return [];
}

/** The stored version as a form: every row comes from its own index. */
export function recordToForm(def: FormDef, payload: Payload): RecordForm {
  const origins: Record<string, (number | null)[]> = {};
  for (const { key } of def.parts) origins[key] = (Array.isArray(payload[key]) ? (payload[key] as unknown[]) : []).map((_, i) => i);
  return { payload, origins };
}

/**
 * A form post over the stored version: shown fields are replaced by what was posted (empty = removed), rows
 * ticked "删除" and rows left entirely empty are dropped, and fields the form does not show are kept. `identity`
 * names the fields only a new record's form shows (code, departmentCode): they cannot change afterwards.
 */
export function formToRecord(def: FormDef, body: Payload, base: Payload, identity: readonly string[] = []): RecordForm {
  const payload = structuredClone(base);
  for (const k of identity) {
    const v = text(body[k]).trim();
    if (v) payload[k] = v;
    else delete payload[k];
  }
  for (const f of def.sections.flatMap((s) => s.fields)) {
    const raw = body[f.path];
    switch (f.kind) {
      case 'checkbox':
        setPath(payload, f.path, raw === 'on' ? true : getPath(base, f.path) !== undefined ? false : undefined);
        break;
      case 'codes': {
        const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(text).filter(Boolean);
        setPath(payload, f.path, values.length ? values : undefined);
        break;
      }
      case 'lines': {
        const values = text(raw)
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean);
        setPath(payload, f.path, values.length ? values : undefined);
        break;
      }
      case 'int':
      case 'number': {
        const s = text(raw).trim();
        setPath(payload, f.path, s ? (f.kind === 'int' ? intOrText(s) : numberOrText(s)) : undefined);
        break;
      }
      default: {
        const s = f.kind === 'textarea' ? text(raw).replace(/\r\n/g, '\n') : text(raw).trim();
        setPath(payload, f.path, s.trim() ? s : undefined);
      }
    }
  }
  const origins: Record<string, (number | null)[]> = {};
  for (const part of def.parts) {
    const stored = Array.isArray(base[part.key]) ? (base[part.key] as Payload[]) : [];
    const items: Payload[] = [];
    origins[part.key] = [];
    for (const row of rowsOf(body[part.key])) {
      if (row._remove === 'on') continue;
      const shown: Payload = {};
      for (const f of part.fields) {
        const s = f.kind === 'textarea' ? text(row[f.key]).replace(/\r\n/g, '\n') : text(row[f.key]).trim();
        if (s.trim()) shown[f.key] = f.kind === 'int' ? intOrText(s) : s;
      }
      if (!Object.keys(shown).length) continue;
      const i = /^\d{1,4}$/.test(text(row._i)) ? Number(row._i) : null;
      const from = i !== null && i < stored.length ? i : null;
      const kept = from !== null ? { ...stored[from] } : {};
      for (const f of part.fields) delete kept[f.key];
      items.push({ ...kept, ...shown });
      origins[part.key].push(from);
    }
    if (items.length) payload[part.key] = items;
    else delete payload[part.key];
  }
  return { payload, origins };
}
