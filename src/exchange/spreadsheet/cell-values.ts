import type { CodeList } from '../../code-lists/code-lists';
import { neutralise, restore } from '../spreadsheet-cells';
import { CellType, codedText } from './sheet-layout';

/** A cell as the reader sees it, whatever the file format. */
export type RawCell = string | number | boolean | Date | null | undefined | { formula: string } | { error: string };

/** How a column's cells are read: a layout cell type, or (CSV export columns) JSON for nested values. */
export type ReadType = CellType | { kind: 'json' } | { kind: 'jsonList' };

export type Parsed = { value: unknown } | { problem: string } | undefined;

const INJECTION = /^[=+\-@\t\r]/;
const NUMERIC = new Set(['integer', 'number', 'json', 'jsonList']);

/** The display text of a raw cell (for problem reports). */
export function cellText(raw: RawCell): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return isoDate(raw);
  if (typeof raw === 'object') return 'formula' in raw ? `=${raw.formula}` : raw.error;
  return String(raw);
}

/**
 * One cell → its exchange value. Empty cells give undefined; a wrong value gives a Chinese reason.
 * `separator` overrides a list column's separator (the CSV export joins every list with '；').
 */
export function parseCell(raw: RawCell, type: ReadType, separator?: string): Parsed {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'object' && !(raw instanceof Date)) {
    return { problem: 'formula' in raw ? '单元格不能包含公式，请改为直接填写值' : `单元格是错误值 ${raw.error}` };
  }
  let cell = raw;
  if (typeof cell === 'string') {
    if (cell.trim() === '') return undefined;
    // Checked before `restore`: a leading apostrophe (how exports neutralise) marks the text as meant.
    if (!NUMERIC.has(type.kind) && INJECTION.test(cell)) {
      return { problem: "不能以 = + - @ 开头（可能被电子表格当作公式执行）；确需如此，请在前面加英文单引号 '" };
    }
    cell = restore(cell);
  }
  switch (type.kind) {
    case 'text':
      return { value: asText(cell) };
    case 'integer':
      return parseInteger(cell);
    case 'number':
      return parseNumber(cell);
    case 'boolean':
      return parseBoolean(cell);
    case 'date':
      return parseDate(cell);
    case 'list':
      return { value: splitList(asText(cell), separator ?? type.separator) };
    case 'choice':
      return { value: asText(cell).trim() };
    case 'coded':
      return parseCoded(asText(cell), type.list);
    case 'codedList':
      return parseCodedList(asText(cell), type.list);
    case 'json':
      return parseJson(asText(cell));
    case 'jsonList':
      return parseJsonList(asText(cell));
  }
}

/** An exchange value → the cell the writer puts in the workbook (text is neutralised). */
export function formatCell(value: unknown, type: CellType): string | number | null {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null;
  switch (type.kind) {
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : neutralise(String(value));
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : neutralise(String(value));
    case 'list':
      return neutralise((value as unknown[]).map(String).join(type.separator));
    case 'coded':
      return neutralise(codedText(String(value), type.list));
    case 'codedList':
      return neutralise((value as unknown[]).map((c) => codedText(String(c), type.list)).join(type.separator));
    default:
      return neutralise(String(value));
  }
}

function asText(cell: string | number | boolean | Date): string {
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return String(cell);
}

function parseInteger(cell: string | number | boolean | Date): Parsed {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*[+-]?\d+\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isSafeInteger(n) ? { value: n } : { problem: '必须是整数' };
}

function parseNumber(cell: string | number | boolean | Date): Parsed {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isFinite(n) ? { value: n } : { problem: '必须是数字' };
}

const TRUE = new Set(['是', 'true', 'TRUE', 'True', 'Y', 'y', '1']);
const FALSE = new Set(['否', 'false', 'FALSE', 'False', 'N', 'n', '0']);

function parseBoolean(cell: string | number | boolean | Date): Parsed {
  if (typeof cell === 'boolean') return { value: cell };
  const s = String(cell).trim();
  if (TRUE.has(s)) return { value: true };
  if (FALSE.has(s)) return { value: false };
  return { problem: '必须填“是”或“否”' };
}

function parseDate(cell: string | number | boolean | Date): Parsed {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { problem: '不是有效的日期' } : { value: isoDate(cell) };
  // Excel serial day number (a date typed into a cell formatted as number)
  if (typeof cell === 'number')
    return cell > 0 && cell < 2958466 ? { value: isoDate(new Date(Math.round((cell - 25569) * 86400000))) } : { problem: '不是有效的日期' };
  const m = /^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$/.exec(String(cell));
  if (!m) return { problem: '必须是 YYYY-MM-DD 格式的日期' };
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return { problem: '不是有效的日期' };
  return { value: isoDate(d) };
}

/** exceljs reads date cells as UTC midnight. */
function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function splitList(s: string, separator: string): string[] {
  return s
    .split(separator)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** "01 行政许可", "01", 1 or "行政许可" → "01". Unknown codes pass through for the importer to judge. */
export function parseCoded(text: string, codes: CodeList): Parsed {
  const t = text.trim();
  if (Object.hasOwn(codes, t)) return { value: t };
  const first = /^(\S+)\s+\S/.exec(t)?.[1] ?? t;
  if (Object.hasOwn(codes, first)) return { value: first };
  const byLabel = Object.keys(codes).find((c) => codes[c] === t);
  if (byLabel) return { value: byLabel };
  // A number cell lost the leading zero of "01"
  const padded = /^\d+$/.test(first) ? Object.keys(codes).find((c) => /^\d+$/.test(c) && Number(c) === Number(first)) : undefined;
  if (padded) return { value: padded };
  if (/^[0-9A-Za-z-]{1,64}$/.test(first)) return { value: first };
  return { problem: `“${t}”不是可选的值（请从下拉列表或“代码表”中选择）` };
}

function parseCodedList(text: string, codes: CodeList): Parsed {
  const out: string[] = [];
  for (const item of text
    .split(/[、；;,，]/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const p = parseCoded(item, codes);
    if (p && 'problem' in p) return p;
    out.push((p as { value: string }).value);
  }
  return { value: out };
}

function parseJson(text: string): Parsed {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: '不是有效的 JSON' };
  }
}

/** JSON values joined by '；' (how the CSV export writes arrays of objects). */
function parseJsonList(text: string): Parsed {
  const items: unknown[] = [];
  for (const part of splitTopLevel(text, '；')) {
    try {
      items.push(JSON.parse(part));
    } catch {
      return { problem: '不是有效的 JSON（多项之间用“；”分隔）' };
    }
  }
  return { value: items };
}

/** Splits on `separator` outside JSON strings and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
