import {
  CASE_TYPES,
  LIMIT_UNITS,
  LOCAL_MATTER_TYPE_LABELS,
  MATERIAL_MEDIUM,
  MATERIAL_NECESSITY,
  MATERIAL_ORIGINALITY,
  MATTER_TYPES,
  SERVICE_OBJECTS,
} from '../../code-lists/code-lists';

/**
 * The matter editor's form, as data, and the two pure mappings between a form post and an exchange-format matter
 * payload. The form edits the fields a clerk keeps up to date; fields it does not show (and fields of list items
 * it does not show) are carried over from the stored version, so saving from the console never loses data an
 * import brought in. Validation is not here: the page hands the payload to the same ValidationPipe and
 * WorkflowService the JSON API uses.
 */
export type Payload = Record<string, unknown>;
type Options = readonly (readonly [string, string])[];

export interface ScalarField {
  /** API path: name, promisedLimit.value */
  path: string;
  label: string;
  kind: 'text' | 'textarea' | 'int' | 'select' | 'checkbox' | 'codes' | 'lines' | 'url' | 'tel';
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

export interface Part {
  key: 'legalBasis' | 'materials' | 'fees' | 'steps' | 'locations' | 'faqs';
  label: string;
  item: string;
  fields: PartField[];
}

const list = (values: readonly string[]): Options => values.map((v) => [v, v] as const);
const codes = (c: Record<string, string>): Options => Object.entries(c);

export const MATTER_SECTIONS: { title: string; fields: ScalarField[] }[] = [
  {
    title: '基本信息',
    fields: [
      { path: 'name', label: '事项名称', kind: 'text', required: true },
      { path: 'matterType', label: '事项类型', kind: 'select', options: codes({ ...MATTER_TYPES, ...LOCAL_MATTER_TYPE_LABELS }), required: true },
      { path: 'serviceObjects', label: '服务对象', kind: 'codes', options: codes(SERVICE_OBJECTS) },
      { path: 'keywords', label: '俗称、别名（每行一个，帮助群众搜到）', kind: 'lines' },
      { path: 'conditions', label: '受理条件', kind: 'textarea' },
      {
        path: 'noMaterialsRequired',
        label: '本事项无需提交材料',
        kind: 'checkbox',
        hint: '勾选后下方“申请材料”须为空；不勾选时，提交审核前至少列出一项材料',
      },
    ],
  },
  {
    title: '时限与收费',
    fields: [
      { path: 'promisedLimit.value', label: '承诺办结时限（天）', kind: 'int', hint: '0 表示即办' },
      { path: 'promisedLimit.unit', label: '承诺时限单位', kind: 'select', options: list(LIMIT_UNITS) },
      { path: 'legalLimit.value', label: '法定办结时限（天）', kind: 'int' },
      { path: 'legalLimit.unit', label: '法定时限单位', kind: 'select', options: list(LIMIT_UNITS) },
      { path: 'caseType', label: '办件类型', kind: 'select', options: codes(CASE_TYPES) },
      { path: 'charged', label: '收费', kind: 'checkbox', hint: '收费时须在下方“收费”中写明标准和依据' },
      { path: 'onSiteVisits', label: '到办事现场次数', kind: 'int' },
      { path: 'onSiteReason', label: '必须到现场的原因', kind: 'text', hint: '到现场次数大于 0 时必填' },
    ],
  },
  {
    title: '咨询与网上办理',
    fields: [
      { path: 'consult.phone', label: '咨询电话', kind: 'tel' },
      { path: 'complaint.phone', label: '监督投诉电话', kind: 'tel' },
      { path: 'onlineUrl', label: '网上办理地址', kind: 'url' },
    ],
  },
];

export const MATTER_PARTS: Part[] = [
  {
    key: 'legalBasis',
    label: '设定依据',
    item: '依据',
    fields: [
      { key: 'name', label: '法规名称', kind: 'text', required: true },
      { key: 'docNo', label: '文号', kind: 'text' },
      { key: 'article', label: '条款', kind: 'text' },
    ],
  },
  {
    key: 'materials',
    label: '申请材料',
    item: '材料',
    fields: [
      { key: 'name', label: '材料名称', kind: 'text', required: true },
      { key: 'necessity', label: '必要性', kind: 'select', options: list(MATERIAL_NECESSITY) },
      { key: 'originality', label: '原件/复印件', kind: 'select', options: list(MATERIAL_ORIGINALITY) },
      { key: 'medium', label: '载体', kind: 'select', options: list(MATERIAL_MEDIUM) },
      { key: 'copies', label: '份数', kind: 'int' },
    ],
  },
  {
    key: 'fees',
    label: '收费',
    item: '收费项',
    fields: [
      { key: 'name', label: '收费项目', kind: 'text', required: true },
      { key: 'standard', label: '收费标准', kind: 'text', required: true },
      { key: 'basis', label: '收费依据', kind: 'text' },
    ],
  },
  {
    key: 'steps',
    label: '办理流程',
    item: '环节',
    fields: [
      { key: 'name', label: '环节名称', kind: 'text', required: true },
      { key: 'actor', label: '办理人员', kind: 'text' },
      { key: 'timeLimit', label: '时限', kind: 'text' },
    ],
  },
  {
    key: 'locations',
    label: '办理地点',
    item: '地点',
    fields: [
      { key: 'locationCode', label: '服务场所编码', kind: 'text', required: true },
      { key: 'window', label: '窗口', kind: 'text' },
      { key: 'hours', label: '办公时间', kind: 'text' },
      { key: 'phone', label: '电话', kind: 'text' },
    ],
  },
  {
    key: 'faqs',
    label: '常见问题',
    item: '问题',
    fields: [
      { key: 'question', label: '问题', kind: 'textarea', required: true },
      { key: 'answer', label: '回答', kind: 'textarea', required: true },
    ],
  },
];

export const PART_KEYS = MATTER_PARTS.map((p) => p.key);

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

export interface MatterForm {
  payload: Payload;
  /** For each part, the index in the stored version each row came from (null = a new row). */
  origins: Record<string, (number | null)[]>;
}

/** The stored version as a form: every row comes from its own index. */
export function matterToForm(payload: Payload): MatterForm {
  const origins: Record<string, (number | null)[]> = {};
  for (const key of PART_KEYS) origins[key] = (Array.isArray(payload[key]) ? (payload[key] as unknown[]) : []).map((_, i) => i);
  return { payload, origins };
}

/**
 * A form post over the stored version: shown fields are replaced by what was posted (empty = removed), rows
 * ticked "删除" and rows left entirely empty are dropped, and fields the form does not show are kept.
 */
export function formToMatter(body: Payload, base: Payload, isNew: boolean): MatterForm {
  const payload = structuredClone(base);
  if (isNew) {
    for (const k of ['code', 'departmentCode']) {
      const v = text(body[k]).trim();
      if (v) payload[k] = v;
      else delete payload[k];
    }
  }
  for (const f of MATTER_SECTIONS.flatMap((s) => s.fields)) {
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
      case 'int': {
        const s = text(raw).trim();
        setPath(payload, f.path, s ? intOrText(s) : undefined);
        break;
      }
      default: {
        const s = f.kind === 'textarea' ? text(raw).replace(/\r\n/g, '\n') : text(raw).trim();
        setPath(payload, f.path, s.trim() ? s : undefined);
      }
    }
  }
  const origins: Record<string, (number | null)[]> = {};
  for (const part of MATTER_PARTS) {
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
