import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { RawCell } from './cell-values';
import { bindHeader, buildRecords, locateProblem, RawSheet } from './sheet-records';
import { CellLocation, SheetProblem, SpreadsheetRejectedError } from './spreadsheet-errors';
import { CODE_TABLE_SHEET, INSTRUCTIONS_SHEET, RecordKind, SHEETS, sheetNamed, topSheet } from './sheet-layout';
import { inspectZip } from './zip-guard';

export interface SpreadsheetLimits {
  /** Upload size. */
  maxBytes: number;
  /** XLSX: sum of the declared uncompressed sizes of the zip entries. */
  maxUncompressedBytes: number;
  /** XLSX: uncompressed ÷ compressed of any entry above 1 MB. */
  maxCompressionRatio: number;
  maxZipEntries: number;
  /** XLSX: cells covered by data-validation and merged-cell ranges (exceljs expands them cell by cell). */
  maxRangeCells: number;
  /** Data rows per sheet (the header row not counted). */
  maxRowsPerSheet: number;
  maxColumns: number;
}

export const DEFAULT_LIMITS: SpreadsheetLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxZipEntries: 1000,
  maxRangeCells: 1_000_000,
  maxRowsPerSheet: 20_000,
  maxColumns: 200,
};

export interface ReadSpreadsheetOptions {
  filename?: string;
  contentType?: string;
  limits?: Partial<SpreadsheetLimits>;
}

export interface SpreadsheetReadResult {
  format: 'xlsx' | 'csv' | 'json';
  /** A plain exchange document (`{ format: 'banshi-exchange', version: 1, matters: [...] … }`), to be validated by the importer. */
  document: unknown;
  /** The cell an importer problem refers to; undefined for JSON uploads and for problems about the whole file. */
  locate(problem: { record: string; field?: string }): CellLocation | undefined;
}

const reject = (code: ConstructorParameters<typeof SpreadsheetRejectedError>[0], message: string, problems: SheetProblem[] = []) =>
  new SpreadsheetRejectedError(code, message, problems);

/**
 * Reads an uploaded XLSX, CSV or JSON file into the exchange format (docs/spreadsheets.md). Throws
 * SpreadsheetRejectedError (400 / 413 / 415) listing every problem with its sheet, row and column.
 */
export async function readSpreadsheet(input: Buffer, opts: ReadSpreadsheetOptions = {}): Promise<SpreadsheetReadResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (input.length > limits.maxBytes) throw reject('FILE_TOO_LARGE', `文件超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB 的上限`);
  if (input.length === 0) throw reject('SPREADSHEET_INVALID', '文件是空的');
  const kind = sniff(input, opts);
  if (kind === 'xlsx') return readXlsx(input, limits);
  const text = decodeText(input);
  if (kind === 'json' || /^\s*[{[]/.test(text)) return readJson(text);
  return readCsv(text, opts.filename, limits);
}

/**
 * What an upload is, from its first bytes (8 KB are enough), its name and its declared type: 'xlsx', 'json' (a JSON
 * type or name, or text starting with `{` or `[`), or other 'text' (CSV). Throws 415 for .xls, binaries and files
 * that claim to be Excel but are not.
 */
export function sniffUpload(head: Buffer, opts: Pick<ReadSpreadsheetOptions, 'filename' | 'contentType'> = {}): 'xlsx' | 'json' | 'text' {
  const kind = sniff(head, opts);
  if (kind !== 'text') return kind;
  const start = head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  const first = head.subarray(start).find((b) => ![0x20, 0x09, 0x0a, 0x0d].includes(b));
  return first === 0x7b || first === 0x5b ? 'json' : 'text';
}

function sniff(input: Buffer, opts: Pick<ReadSpreadsheetOptions, 'filename' | 'contentType'>): 'xlsx' | 'json' | 'text' {
  if (input.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) || input.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'latin1'))) return 'xlsx';
  if (input.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw reject('UNSUPPORTED_FILE_TYPE', '不支持旧版 Excel（.xls）或加密的文件，请在 Excel 中“另存为” .xlsx 格式');
  }
  const name = opts.filename?.toLowerCase() ?? '';
  if (/\.xls[xm]?$/.test(name) || /spreadsheetml|ms-excel/.test(opts.contentType ?? '')) {
    throw reject('UNSUPPORTED_FILE_TYPE', '文件名或类型是 Excel，但内容不是 XLSX 文件');
  }
  if (input.subarray(0, 8192).includes(0)) throw reject('UNSUPPORTED_FILE_TYPE', '不支持的文件类型：只接受 XLSX、CSV 或 JSON 文件');
  return name.endsWith('.json') || /json/.test(opts.contentType ?? '') ? 'json' : 'text';
}

/** UTF-8 (with or without BOM), else GB18030 (which covers GBK, what Chinese Excel writes for CSV). */
export function decodeText(input: Buffer): string {
  const bom = input.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  for (const encoding of bom ? ['utf-8'] : ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      /* try the next encoding */
    }
  }
  throw reject('UNSUPPORTED_FILE_TYPE', '无法识别文件的文字编码：请保存为 UTF-8 或 GBK（GB18030）编码的 CSV');
}

function readJson(text: string): SpreadsheetReadResult {
  try {
    return { format: 'json', document: JSON.parse(text), locate: () => undefined };
  } catch (e) {
    throw reject('JSON_INVALID', `JSON 格式错误：${(e as Error).message}`);
  }
}

function finish(format: 'xlsx' | 'csv', sheets: RawSheet[], problems: SheetProblem[]): SpreadsheetReadResult {
  const built = buildRecords(sheets);
  problems.push(...built.problems);
  const count = Object.values(built.records).reduce((n, list) => n + list.length, 0);
  if (!problems.length && count === 0) throw reject('SPREADSHEET_INVALID', '文件中没有任何数据（表头下没有数据行）');
  if (problems.length) throw reject('SPREADSHEET_INVALID', `文件有 ${problems.length} 处问题，未做任何修改`, problems);
  const document = { format: 'banshi-exchange', version: 1, ...built.records };
  return { format, document, locate: (p) => locateProblem(built.source, p) };
}

// ---------------------------------------------------------------- XLSX

async function readXlsx(input: Buffer, limits: SpreadsheetLimits): Promise<SpreadsheetReadResult> {
  const zip = inspectZip(input, {
    maxUncompressedBytes: limits.maxUncompressedBytes,
    maxCompressionRatio: limits.maxCompressionRatio,
    maxEntries: limits.maxZipEntries,
    maxRangeCells: limits.maxRangeCells,
  });
  if (!zip.ok) throw reject(zip.reason === 'corrupt' || zip.reason === 'unsupported' ? 'SPREADSHEET_INVALID' : 'FILE_TOO_LARGE', zip.message);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input as unknown as ExcelJS.Buffer);
  } catch {
    throw reject('SPREADSHEET_INVALID', '文件已损坏或不是有效的 XLSX 文件');
  }
  const problems: SheetProblem[] = [];
  const sheets: RawSheet[] = [];
  for (const ws of workbook.worksheets) {
    if (ws.name === INSTRUCTIONS_SHEET || ws.name === CODE_TABLE_SHEET) continue;
    const layout = sheetNamed(ws.name.trim());
    if (!layout) {
      if (ws.actualRowCount > 0) {
        problems.push({ sheet: ws.name, message: `未知的工作表“${ws.name}”（可用的工作表：${SHEETS.map((s) => s.name).join('、')}）` });
      }
      continue;
    }
    if (ws.actualRowCount > limits.maxRowsPerSheet + 1) {
      throw reject('FILE_TOO_LARGE', `“${ws.name}”表有 ${ws.actualRowCount - 1} 行数据，超过 ${limits.maxRowsPerSheet} 行的上限`);
    }
    if (ws.actualColumnCount > limits.maxColumns || ws.columnCount > limits.maxColumns * 10) {
      throw reject('FILE_TOO_LARGE', `“${ws.name}”表的列数超过 ${limits.maxColumns} 列的上限`);
    }
    sheets.push({ name: ws.name, layout, rows: worksheetRows(ws) });
  }
  if (!sheets.length && !problems.length) throw reject('SPREADSHEET_INVALID', `文件中没有可导入的工作表（应为：${SHEETS.map((s) => s.name).join('、')}）`);
  return finish('xlsx', sheets, problems);
}

function worksheetRows(ws: ExcelJS.Worksheet): RawSheet['rows'] {
  const rows: RawSheet['rows'] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= width; c++) cells.push(rawCell(row.getCell(c)));
    rows.push({ number, cells });
  });
  // The header must be row 1: a sheet whose first row is empty has no header.
  if (rows.length && rows[0].number !== 1) rows.unshift({ number: 1, cells: [] });
  return rows;
}

function rawCell(cell: ExcelJS.Cell): RawCell {
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return null;
    case ExcelJS.ValueType.Number:
    case ExcelJS.ValueType.String:
    case ExcelJS.ValueType.Boolean:
    case ExcelJS.ValueType.Date:
      return cell.value as RawCell;
    case ExcelJS.ValueType.Formula:
      return { formula: cell.formula ?? String((cell.value as { sharedFormula?: string }).sharedFormula ?? '') };
    case ExcelJS.ValueType.Error:
      return { error: String((cell.value as ExcelJS.CellErrorValue).error) };
    default:
      // rich text, hyperlinks, shared strings: their text
      return cell.text;
  }
}

// ---------------------------------------------------------------- CSV

function readCsv(text: string, filename: string | undefined, limits: SpreadsheetLimits): SpreadsheetReadResult {
  const records = parseCsv(text.replace(/^\ufeff/, ''), limits);
  if (!records.length || records.every((r) => r.every((c) => c.trim() === ''))) throw reject('SPREADSHEET_INVALID', '文件中没有任何数据');
  if (records.length > limits.maxRowsPerSheet + 1) {
    throw reject('FILE_TOO_LARGE', `CSV 有 ${records.length - 1} 行数据，超过 ${limits.maxRowsPerSheet} 行的上限`);
  }
  const kind = csvKind(records[0]);
  const layout = topSheet(kind);
  const name = filename ? `${filename}` : layout.name;
  const rows = records.map((cells, i) => ({ number: i + 1, cells: cells as RawCell[] }));
  return finish('csv', [{ name, layout, rows }], []);
}

/** Which kind of record a CSV holds: the top-level sheet whose columns its header row matches best (ties → matters). */
export function csvKind(header: string[]): RecordKind {
  let best: { kind: RecordKind; score: number } | undefined;
  for (const layout of SHEETS.filter((s) => !s.child)) {
    const bound = header.map((h) => bindHeader(layout, h.trim())).filter((b) => b !== undefined);
    const score = bound.length + (bound.some((b) => b.path === 'code') ? 0.5 : 0);
    if (!best || score > best.score) best = { kind: layout.kind, score };
  }
  if (!best || best.score < 1)
    throw reject('SPREADSHEET_INVALID', 'CSV 的第一行不是可识别的表头（应为某一张表的列名，如“事项编码, 事项名称, …”或 code, name, …）');
  return best.kind;
}

/**
 * RFC 4180 (csv-parse): quoted fields may hold commas, quotes ("") and line breaks; CRLF, LF or CR line ends; a
 * quote inside an unquoted field is a literal character; rows may differ in length. One array per row, empty lines
 * included, so that row numbers in reports are the file's.
 */
export function parseCsv(text: string, limits: Pick<SpreadsheetLimits, 'maxColumns' | 'maxRowsPerSheet'> = DEFAULT_LIMITS): string[][] {
  let rows: string[][];
  try {
    rows = parse(text, {
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      to: limits.maxRowsPerSheet + 2, // one over the header and the allowed rows is enough to refuse the file
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') throw reject('SPREADSHEET_INVALID', 'CSV 格式错误：引号没有闭合');
    const line = (e as { lines?: number }).lines;
    throw reject(
      'SPREADSHEET_INVALID',
      `CSV 格式错误${line ? `（第 ${line} 行）` : ''}：${code === 'CSV_INVALID_CLOSING_QUOTE' ? '引号闭合后还有其他字符' : '无法解析'}`,
    );
  }
  if (rows.length > limits.maxRowsPerSheet + 1) throw reject('FILE_TOO_LARGE', `CSV 超过 ${limits.maxRowsPerSheet} 行的上限`);
  if (rows.some((r) => r.length > limits.maxColumns)) throw reject('FILE_TOO_LARGE', `CSV 的列数超过 ${limits.maxColumns} 列的上限`);
  return rows;
}
