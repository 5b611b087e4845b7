import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { formatCell } from './cell-values';
import {
  CellType,
  CODE_TABLE_SHEET,
  Column,
  columnLetter,
  columnOptions,
  columnReference,
  INSTRUCTIONS_SHEET,
  PARENT,
  RecordKind,
  SheetLayout,
  SHEETS,
} from './sheet-layout';

/** The records of one kind, in order; called once per sheet, so child sheets read their parents again. */
export type RecordSource = (kind: RecordKind) => AsyncIterable<object> | Iterable<object>;

export interface WriteWorkbookOptions {
  /** Style data rows as examples (grey italic), for the template. */
  example?: boolean;
  /** Rows below the data that still get drop-downs. */
  spareRows?: number;
}

type Plain = Record<string, unknown>;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const TEXT_KINDS = new Set<CellType['kind']>(['text', 'list', 'choice', 'coded', 'codedList', 'date']);

/**
 * Streams the whole workbook (docs/spreadsheets.md) to `output` with exceljs' WorkbookWriter: every row is
 * committed as soon as it is written and sheets are written one after another, so memory stays flat
 * whatever the size of the catalogue. Text cells are neutralised against formula injection.
 */
export async function writeWorkbook(output: Writable, source: RecordSource, options: WriteWorkbookOptions = {}): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Banshi';
  const table = codeTable();
  writeInstructions(workbook.addWorksheet(INSTRUCTIONS_SHEET));
  for (const layout of SHEETS) {
    const ws = workbook.addWorksheet(layout.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    ws.columns = layout.columns.map((c) => ({ width: c.width ?? 20, style: TEXT_KINDS.has(c.type.kind) ? { numFmt: '@' } : {} }));
    writeHeader(ws, layout);
    let rows = 0;
    for await (const record of source(layout.kind)) {
      for (const values of rowsOf(layout, record as Plain)) {
        const row = ws.addRow(values);
        if (options.example) row.font = { italic: true, color: { argb: 'FF808080' } };
        row.commit();
        if (++rows % 200 === 0 && output.writableNeedDrain) await once(output, 'drain');
      }
    }
    addValidations(ws, layout, table, rows + 1 + (options.spareRows ?? 1000));
    ws.commit();
  }
  writeCodeTable(workbook.addWorksheet(CODE_TABLE_SHEET, { state: 'hidden' }), table);
  await workbook.commit();
}

/** The cells of one record in a sheet: one row for a top-level sheet, one per item for a child sheet. */
export function rowsOf(layout: SheetLayout, record: Plain): (string | number | null)[][] {
  if (!layout.child) return [layout.columns.map((c) => formatCell(valueAt(record, c.path), c.type))];
  const items = (record[layout.child.field] as Plain[] | undefined) ?? [];
  return items.map((item) => layout.columns.map((c) => formatCell(c.path === PARENT ? record.code : valueAt(item, c.path), c.type)));
}

function valueAt(record: Plain, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Plain)[key] : undefined), record);
}

export const headerText = (c: Column) => (c.required ? `${c.header}*` : c.header);

function writeHeader(ws: ExcelJS.Worksheet, layout: SheetLayout): void {
  const row = ws.addRow(layout.columns.map(headerText));
  row.font = { bold: true };
  layout.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  row.commit();
}

// ---------------------------------------------------------------- drop-downs and the code table

interface CodeTableColumn {
  title: string;
  values: string[];
  letter: string;
}

/** One column in the hidden 代码表 sheet per distinct option list, titled by the first column that uses it. */
export function codeTable(): Map<string, CodeTableColumn> {
  const table = new Map<string, CodeTableColumn>();
  for (const layout of SHEETS) {
    for (const c of layout.columns) {
      const values = columnOptions(c.type) ?? columnReference(c.type, c.path);
      const key = values && JSON.stringify(values);
      if (key && !table.has(key)) table.set(key, { title: c.header, values, letter: columnLetter(table.size + 1) });
    }
  }
  return table;
}

/** exceljs' typings omit the worksheet's data validations (present on both Worksheet and the streaming writer). */
type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function addValidations(ws: ExcelJS.Worksheet, layout: SheetLayout, table: Map<string, CodeTableColumn>, lastRow: number): void {
  layout.columns.forEach((c, i) => {
    const values = columnOptions(c.type);
    if (!values) return;
    const ref = table.get(JSON.stringify(values))!;
    const letter = columnLetter(i + 1);
    (ws as unknown as WithValidations).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${CODE_TABLE_SHEET}'!$${ref.letter}$2:$${ref.letter}$${ref.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: '请从下拉列表中选择',
    });
  });
}

function writeCodeTable(ws: ExcelJS.Worksheet, table: Map<string, CodeTableColumn>): void {
  const columns = [...table.values()];
  ws.columns = columns.map(() => ({ width: 24 }));
  const height = Math.max(...columns.map((c) => c.values.length));
  ws.addRow(columns.map((c) => c.title)).commit();
  for (let r = 0; r < height; r++) ws.addRow(columns.map((c) => c.values[r] ?? null)).commit();
  ws.commit();
}

// ---------------------------------------------------------------- instructions

const TYPE_TEXT: Record<CellType['kind'], string> = {
  text: '文字',
  integer: '整数',
  number: '数字',
  boolean: '是 / 否',
  date: '日期 YYYY-MM-DD',
  list: '多项文字',
  choice: '从下拉列表选择',
  coded: '从下拉列表选择（编码 名称）',
  codedList: '多个编码',
};

const GENERAL = [
  '1. 每张表的第 1 行是表头，不要修改、删除或调换列名；列可以删去（删去的列视为未填写），不要增加其他列。标 * 的列必须填写。',
  '2. 模板中灰色斜体的一行是示例（北镇市公安局“居民身份证申领”），导入前请删除或改为本单位的数据。',
  '3. “事项”表一行一个事项；材料、收费、办理流程、设定依据、特别程序、办理地点、常见问题各表一行一项，第 1 列填所属事项的“事项编码”，按行的先后顺序保存。投诉渠道表同理对应“办事指南”的条目编码。',
  '4. 导入按编码新增或更新，更新是整条替换：文件中没有填写的字段，导入后为空；一个事项的材料等子表以文件为准整体替换。',
  '5. 多项文字：标明“；”分隔的用中文分号，标明“、”分隔的用顿号。多个编码（如服务对象、行使层级）用“、”分隔，可只写编码，如“1、2”。',
  '6. 是 / 否 列填“是”或“否”；日期写作 2024-01-01；电话带区号，如 0416-6612345。',
  "7. 单元格不能包含公式；以 = + - @ 开头的文字会被拒绝，确需如此请在前面加英文单引号 '（导出文件中已自动加上）。",
  '8. 编码只能由数字、字母和连字符组成；请保持“文本”格式，避免 Excel 去掉编码开头的 0。',
  '9. 每张表最多 20000 行数据，文件最大 20 MB。导入前可先“试导入”，问题会指明工作表、行号和列。',
];

function writeInstructions(ws: ExcelJS.Worksheet): void {
  ws.columns = [{ width: 18 }, { width: 22 }, { width: 26 }, { width: 24 }, { width: 8 }];
  const title = ws.addRow(['Banshi 政务服务事项批量导入模板 填写说明']);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const line of GENERAL) ws.addRow([line]).commit();
  ws.addRow([]).commit();
  const header = ws.addRow(['工作表', '列名', '类型', '交换格式字段', '必填']);
  header.font = { bold: true };
  header.commit();
  for (const layout of SHEETS) {
    for (const c of layout.columns) {
      const type = c.type.kind === 'list' || c.type.kind === 'codedList' ? `${TYPE_TEXT[c.type.kind]}（“${c.type.separator}”分隔）` : TYPE_TEXT[c.type.kind];
      const field =
        c.path === PARENT
          ? `所属${layout.kind === 'guides' ? '条目' : '事项'}的编码`
          : layout.child
            ? `${layout.kind}[].${layout.child.field}[].${c.path}`
            : `${layout.kind}[].${c.path}`;
      ws.addRow([layout.name, c.header, type, field, c.required ? '是' : '']).commit();
    }
  }
  ws.commit();
}
