import { cellText, parseCell, RawCell, ReadType } from './cell-values';
import { fieldReadType } from './csv-columns';
import { CellLocation, SheetProblem } from './spreadsheet-errors';
import { columnLetter, PARENT, RecordKind, SheetLayout, topSheet } from './sheet-layout';

/**
 * The format-independent half of the reader: sheets of raw cells (from XLSX or CSV) → exchange records,
 * every problem with its cell, and a source map from record paths back to cells.
 */

export interface RawSheet {
  name: string;
  layout: SheetLayout;
  /** rows[0] is the header row; `number` is the 1-based row as the user sees it */
  rows: { number: number; cells: RawCell[] }[];
}

interface BoundColumn {
  letter: string;
  index: number;
  header: string;
  path: string;
  type: ReadType;
  /** list separator override: columns named by their exchange field (the CSV export) join lists with '；' */
  separator?: string;
}

interface Bound {
  sheet: RawSheet;
  columns: BoundColumn[];
}

type Plain = Record<string, unknown>;

export interface SourceMap {
  /** `matters[3]` → its row; `matters[3].materials[1]` → the child row */
  rows: Map<string, { sheet: string; row: number }>;
  columns: Map<string, BoundColumn[]>;
  cells: Map<string, Map<number, RawCell[]>>;
}

export interface BuiltDocument {
  records: Partial<Record<RecordKind, Plain[]>>;
  problems: SheetProblem[];
  source: SourceMap;
}

const normalise = (header: string) => header.replace(/[\s*＊]/g, '');

/** Matches a header to a layout column by its Chinese header or its field path, or (top sheets) an exchange field. */
export function bindHeader(layout: SheetLayout, header: string): Omit<BoundColumn, 'letter' | 'index' | 'header'> | undefined {
  const h = normalise(header);
  const byHeader = layout.columns.find((c) => normalise(c.header) === h);
  if (byHeader) return { path: byHeader.path, type: byHeader.type };
  const byPath = layout.columns.find((c) => c.path === h && c.path !== PARENT);
  if (byPath) return { path: byPath.path, type: byPath.type, separator: '；' };
  if (layout.child) return undefined;
  const type = fieldReadType(layout.kind, h);
  return type ? { path: h, type, separator: '；' } : undefined;
}

function bindSheet(sheet: RawSheet, problems: SheetProblem[]): Bound {
  const header = sheet.rows[0];
  const columns: BoundColumn[] = [];
  const seen = new Set<string>();
  (header?.cells ?? []).forEach((raw, i) => {
    const text = cellText(raw).trim();
    if (!text) return;
    const where = { sheet: sheet.name, row: header.number, column: columnLetter(i + 1), header: text, value: text };
    const bound = bindHeader(sheet.layout, text);
    if (!bound) return problems.push({ ...where, message: `未知的列“${text}”` });
    if (seen.has(bound.path)) return problems.push({ ...where, message: `列“${text}”重复` });
    seen.add(bound.path);
    columns.push({ ...bound, letter: columnLetter(i + 1), index: i, header: text });
  });
  for (const c of sheet.layout.columns) {
    if (c.required && !seen.has(c.path)) {
      problems.push({ sheet: sheet.name, row: header?.number ?? 1, message: `缺少必填列“${c.header}”` });
    }
  }
  return { sheet, columns };
}

function setPath(target: Plain, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Plain;
  node[keys[keys.length - 1]] = value;
}

const isEmptyRow = (cells: RawCell[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** One data row → a plain object of the bound fields; problems name the cell. */
function readRow(bound: Bound, row: { number: number; cells: RawCell[] }, problems: SheetProblem[]): Plain {
  const out: Plain = {};
  for (const c of bound.columns) {
    const raw = row.cells[c.index];
    const parsed = parseCell(raw, c.type, c.separator);
    if (!parsed) continue;
    if ('problem' in parsed) {
      problems.push({ sheet: bound.sheet.name, row: row.number, column: c.letter, header: c.header, value: cellText(raw), message: parsed.problem });
    } else if (c.path === PARENT) {
      out[PARENT] = String(parsed.value).trim();
    } else {
      setPath(out, c.path, parsed.value);
    }
  }
  return out;
}

/** Builds the records of every sheet; child sheets attach their rows to parents by code, in row order. */
export function buildRecords(sheets: RawSheet[]): BuiltDocument {
  const problems: SheetProblem[] = [];
  const source: SourceMap = { rows: new Map(), columns: new Map(), cells: new Map() };
  const records: Partial<Record<RecordKind, Plain[]>> = {};
  const indexByCode = new Map<RecordKind, Map<string, number>>();
  const bound = sheets.map((s) => bindSheet(s, problems));
  for (const b of bound) {
    source.columns.set(b.sheet.name, b.columns);
    source.cells.set(b.sheet.name, new Map(b.sheet.rows.map((r) => [r.number, r.cells])));
  }
  // Parents first, whatever the order of the sheets in the file.
  for (const b of [...bound.filter((x) => !x.sheet.layout.child), ...bound.filter((x) => x.sheet.layout.child)]) {
    const { layout, name } = b.sheet;
    const data = b.sheet.rows.slice(1).filter((r) => !isEmptyRow(r.cells));
    if (!layout.child) {
      const list = (records[layout.kind] ??= []);
      const codes = new Map<string, number>();
      indexByCode.set(layout.kind, codes);
      const firstRow = new Map<string, number>();
      for (const row of data) {
        const record = readRow(b, row, problems);
        const code = typeof record.code === 'string' ? record.code.trim() : undefined;
        if (code && firstRow.has(code)) {
          const codeColumn = b.columns.find((c) => c.path === 'code')!;
          for (const r of [firstRow.get(code)!, row.number]) {
            problems.push({
              sheet: name,
              row: r,
              column: codeColumn.letter,
              header: codeColumn.header,
              value: code,
              message: `编码“${code}”重复（第 ${firstRow.get(code)} 行和第 ${row.number} 行）`,
            });
          }
        } else if (code) {
          firstRow.set(code, row.number);
          codes.set(code, list.length);
        }
        source.rows.set(`${layout.kind}[${list.length}]`, { sheet: name, row: row.number });
        list.push(record);
      }
      continue;
    }
    const parents = records[layout.kind];
    if (!parents) {
      if (data.length) problems.push({ sheet: name, message: `有“${name}”表，但缺少“${topSheet(layout.kind).name}”表` });
      continue;
    }
    const key = b.columns.find((c) => c.path === PARENT);
    for (const row of data) {
      const item = readRow(b, row, problems);
      const parentCode = item[PARENT] as string | undefined;
      delete item[PARENT];
      const index = parentCode ? indexByCode.get(layout.kind)?.get(parentCode) : undefined;
      if (index === undefined) {
        if (key) {
          problems.push({
            sheet: name,
            row: row.number,
            column: key.letter,
            header: key.header,
            value: parentCode ?? '',
            message: parentCode ? `“${parentCode}”在“${topSheet(layout.kind).name}”表中不存在` : `必须填写${key.header}`,
          });
        }
        continue;
      }
      const items = ((parents[index][layout.child.field] as Plain[] | undefined) ??= []);
      source.rows.set(`${layout.kind}[${index}].${layout.child.field}[${items.length}]`, { sheet: name, row: row.number });
      items.push(item);
    }
  }
  return { records, problems, source };
}

/**
 * Turns an importer problem (`record: 'matters[3]（CODE）'`, `field: 'materials[1].name'`) into the cell it
 * came from. Undefined when the problem is about the file as a whole.
 */
export function locateProblem(source: SourceMap, problem: { record: string; field?: string }): CellLocation | undefined {
  const m = /^(\w+)\[(\d+)\]/.exec(problem.record);
  if (!m) return undefined;
  const record = `${m[1]}[${m[2]}]`;
  const field = problem.field ?? '';
  const child = /^(\w+)\[(\d+)\](?:\.(.+))?$/.exec(field);
  const childRow = child ? source.rows.get(`${record}.${child[1]}[${child[2]}]`) : undefined;
  if (child && childRow) return cellAt(source, childRow, child[3] ?? '');
  const row = source.rows.get(record);
  return row ? cellAt(source, row, field) : undefined;
}

function cellAt(source: SourceMap, at: { sheet: string; row: number }, field: string): CellLocation {
  const path = field.replace(/\[\d+\]/g, '');
  const columns = source.columns.get(at.sheet) ?? [];
  const column = path
    ? (columns.find((c) => c.path === path) ?? columns.find((c) => path.startsWith(`${c.path}.`)) ?? columns.find((c) => c.path.startsWith(`${path}.`)))
    : undefined;
  if (!column) return { sheet: at.sheet, row: at.row };
  const raw = source.cells.get(at.sheet)?.get(at.row)?.[column.index];
  return { sheet: at.sheet, row: at.row, column: column.letter, header: column.header, value: cellText(raw) };
}
