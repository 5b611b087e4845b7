import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { flattenValidationErrors } from '../../common/validation';
import { ExchangeMatterDto } from '../exchange.dto';
import { SpreadsheetRejectedError } from './spreadsheet-errors';
import { parseCsv, readSpreadsheet, ReadSpreadsheetOptions } from './spreadsheet-reader';
import { buildSpreadsheetTemplate } from './spreadsheet-template';

// Workbooks are built, zipped and parsed for real; a loaded test runner needs more than the default 5 s.
jest.setTimeout(60_000);

/** A workbook with the given sheets; each sheet is a header row and data rows. */
async function workbook(sheets: Record<string, ExcelJS.CellValue[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rejection(input: Buffer, opts?: ReadSpreadsheetOptions): Promise<SpreadsheetRejectedError> {
  try {
    await readSpreadsheet(input, opts);
  } catch (e) {
    if (e instanceof SpreadsheetRejectedError) return e;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const MATTER_HEADER = ['事项编码*', '事项名称*', '实施主体编码*', '事项类型*'];
const matterRow = (code: string, name = '居民身份证申领') => [code, name, '210782-GAJ', '20 公共服务'];

describe('readSpreadsheet: XLSX', () => {
  it('collects every wrong cell with sheet, row, column, header and value', async () => {
    const buf = await workbook({
      事项: [
        [...MATTER_HEADER, '到办事现场次数', '是否收费', '生效日期', '服务对象'],
        [...matterRow('A-1'), '两次', '也许', '2024-13-01', '1 自然人'],
        [...matterRow('A-2'), 1.5, '是', '2024-02-30', '自然人、法人'],
      ],
    });
    const e = await rejection(buf);
    expect(e.status).toBe(400);
    expect(e.code).toBe('SPREADSHEET_INVALID');
    expect(e.problems).toEqual([
      { sheet: '事项', row: 2, column: 'E', header: '到办事现场次数', value: '两次', message: '必须是整数' },
      { sheet: '事项', row: 2, column: 'F', header: '是否收费', value: '也许', message: '必须填“是”或“否”' },
      { sheet: '事项', row: 2, column: 'G', header: '生效日期', value: '2024-13-01', message: '不是有效的日期' },
      { sheet: '事项', row: 3, column: 'E', header: '到办事现场次数', value: '1.5', message: '必须是整数' },
      { sheet: '事项', row: 3, column: 'G', header: '生效日期', value: '2024-02-30', message: '不是有效的日期' },
      expect.objectContaining({ row: 3, column: 'H', message: expect.stringContaining('“法人”不是可选的值') }),
    ]);
  });

  it('rejects formula cells without evaluating them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事项');
    ws.addRow(MATTER_HEADER);
    ws.addRow(matterRow('A-1'));
    ws.getCell('B2').value = { formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' } as ExcelJS.CellFormulaValue;
    const e = await rejection(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(e.problems).toEqual([expect.objectContaining({ sheet: '事项', row: 2, column: 'B', message: '单元格不能包含公式，请改为直接填写值' })]);
  });

  it('rejects text that a spreadsheet would run as a formula, and restores neutralised text', async () => {
    const buf = await workbook({
      事项: [
        [...MATTER_HEADER, '受理条件', '关键词'],
        [...matterRow('A-1'), "=cmd|' /C calc'!A0", "'+86 是国际区号"],
        [...matterRow('A-2'), "'=1+1", '@某某'],
      ],
    });
    const e = await rejection(buf);
    expect(e.problems.map((p) => `${p.row}${p.column}`)).toEqual(['2E', '3F']);
    expect(e.problems[0].message).toContain('不能以 = + - @ 开头');
    const ok = await readSpreadsheet(
      await workbook({
        事项: [
          [...MATTER_HEADER, '受理条件'],
          [...matterRow('A-2'), "'=1+1"],
        ],
      }),
    );
    expect((ok.document as { matters: { conditions: string }[] }).matters[0].conditions).toBe('=1+1');
  });

  it('reports duplicate codes on both rows, unknown sheets and headers, missing required columns and orphan child rows', async () => {
    const buf = await workbook({
      事项: [[...MATTER_HEADER, '备注'], matterRow('A-1'), matterRow('A-2'), matterRow('A-1', '重复的事项')],
      材料: [
        ['事项编码', '材料名称'],
        ['A-1', '户口簿'],
        ['NO-SUCH', '身份证'],
      ],
      收费: [['收费项目名称'], ['工本费']],
      Sheet1: [['随便写的']],
    });
    const e = await rejection(buf);
    const lines = e.problems.map((p) => `${p.sheet}!${p.column ?? ''}${p.row ?? ''} ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Sheet1! 未知的工作表“Sheet1”（可用的工作表：事项、设定依据、材料、收费、办理流程、特别程序、办理地点、常见问题、办事指南、投诉渠道、部门、服务场所、一件事）',
        '事项!E1 未知的列“备注”',
        '事项!A2 编码“A-1”重复（第 2 行和第 4 行）',
        '事项!A4 编码“A-1”重复（第 2 行和第 4 行）',
        '材料!A3 “NO-SUCH”在“事项”表中不存在',
        '收费!1 缺少必填列“事项编码”',
        '收费!1 缺少必填列“收费标准”',
      ]),
    );
  });

  it('rejects an empty workbook', async () => {
    expect((await rejection(await workbook({ Sheet1: [] }))).message).toContain('没有可导入的工作表');
    expect((await rejection(await workbook({ 事项: [MATTER_HEADER] }))).message).toContain('没有任何数据');
  });

  it("locates the importer's problems in the cells they came from", async () => {
    const template = await buildSpreadsheetTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
    wb.getWorksheet('材料')!.getCell('B3').value = '很长的材料名称'.repeat(40);
    wb.getWorksheet('事项')!.getCell('AN2').value = '投诉找谁';
    const result = await readSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()));
    const matter = (result.document as { matters: object[] }).matters[0];
    const problems = flattenValidationErrors(validateSync(plainToInstance(ExchangeMatterDto, matter), { whitelist: true, forbidNonWhitelisted: true })).map(
      (p) => ({ record: 'matters[0]（210782-GAJ-0001）', ...p }),
    );
    const located = problems.map((p) => ({ field: p.field, at: result.locate(p) }));
    expect(located).toEqual(
      expect.arrayContaining([
        { field: 'materials[1].name', at: { sheet: '材料', row: 3, column: 'B', header: '材料名称*', value: '很长的材料名称'.repeat(40) } },
        { field: 'complaint.phone', at: { sheet: '事项', row: 2, column: 'AN', header: '监督投诉电话', value: '投诉找谁' } },
      ]),
    );
    expect(result.locate({ record: 'matters[0]（210782-GAJ-0001）', field: 'fees' })).toEqual({ sheet: '事项', row: 2 });
    expect(result.locate({ record: 'matters[0]', field: 'legalLimit' })).toMatchObject({ sheet: '事项', header: '法定办结时限' });
    expect(result.locate({ record: 'guides[0]（x）', field: 'complaintChannels[1].phone' })).toMatchObject({
      sheet: '投诉渠道',
      row: 3,
      column: 'C',
      value: '12345',
    });
    expect(result.locate({ record: '文件', field: 'version' })).toBeUndefined();
  });
});

describe('readSpreadsheet: hostile files', () => {
  it('refuses a file over the size cap before reading it', async () => {
    const e = await rejection(Buffer.alloc(2048, 'a'), { limits: { maxBytes: 1024 } });
    expect([e.status, e.code]).toEqual([413, 'FILE_TOO_LARGE']);
  });

  it('refuses a zip bomb from its central directory, before anything inflates it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(120 * 1024 * 1024)); // 120 MB of zeros, ~120 KB compressed
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const e = await rejection(bomb);
    expect([e.status, e.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(e.message).toMatch(/压缩炸弹/);
  }, 30_000);

  it('refuses a suspicious compression ratio even below the size cap', async () => {
    const zip = new JSZip();
    zip.file('xl/sharedStrings.xml', Buffer.alloc(20 * 1024 * 1024, 'a'));
    const e = await rejection(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(e.status).toBe(413);
    expect(e.message).toContain('压缩比异常');
  });

  it('refuses an entry whose real size exceeds its declared size (it is never inflated past the declaration)', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(200_000, 'x'));
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const central = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(1000, central + 24); // declare 1000 bytes uncompressed
    const e = await rejection(buf);
    expect([e.status, e.code]).toEqual([400, 'SPREADSHEET_INVALID']);
    expect(e.message).toContain('实际大小与声明不符');
  });

  it('refuses too many zip entries, and corrupt zips', async () => {
    const zip = new JSZip();
    for (let i = 0; i < 30; i++) zip.file(`f${i}.xml`, '<x/>');
    const e = await rejection(await zip.generateAsync({ type: 'nodebuffer' }), { limits: { maxZipEntries: 20 } });
    expect(e.status).toBe(413);
    expect((await rejection(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 7)]))).code).toBe('SPREADSHEET_INVALID');
  });

  it('refuses data-validation ranges that exceljs would expand cell by cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事项');
    ws.addRow(MATTER_HEADER);
    (ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations.add('A2:XFD1048576', { type: 'list', formulae: ['"a,b"'] });
    const e = await rejection(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(e.status).toBe(413);
    expect(e.message).toContain('范围过大');
  });

  it('refuses too many rows and too many columns', async () => {
    const rows = [MATTER_HEADER, ...Array.from({ length: 12 }, (_, i) => matterRow(`A-${i}`))];
    expect((await rejection(await workbook({ 事项: rows }), { limits: { maxRowsPerSheet: 10 } })).status).toBe(413);
    const wide = await workbook({ 事项: [[...MATTER_HEADER, ...Array.from({ length: 20 }, (_, i) => `c${i}`)]] });
    expect((await rejection(wide, { limits: { maxColumns: 10 } })).status).toBe(413);
    const csv = Buffer.from(`${Array.from({ length: 20 }, (_, i) => `c${i}`).join(',')}\n`);
    expect((await rejection(csv, { limits: { maxColumns: 10 } })).status).toBe(413);
  });

  it('answers damaged files with a 4xx and never anything else', async () => {
    const template = await buildSpreadsheetTemplate();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: template.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (edits) => {
          const damaged = Buffer.from(template);
          for (const [at, byte] of edits) damaged[at] = byte;
          await readSpreadsheet(damaged).then(
            () => undefined,
            (e) => {
              expect(e).toBeInstanceOf(SpreadsheetRejectedError);
              expect((e as SpreadsheetRejectedError).status).toBeLessThan(500);
            },
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('refuses old .xls, binary files and files whose name or type says Excel but whose content is not', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect([(await rejection(xls)).status, (await rejection(xls)).code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE']);
    expect((await rejection(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).status).toBe(415);
    expect((await rejection(Buffer.from('code,name\n'), { filename: '事项.xlsx' })).status).toBe(415);
  });
});

describe('readSpreadsheet: CSV and JSON', () => {
  const GBK = Buffer.from(
    'cac2cfeeb1e0c2eb2ccac2cfeec3fbb3c62ccab5caa9d6f7cce5b1e0c2eb2ccac2cfeec0e0d0cd2cb9d8bcfcb4ca0d0a3231303738322d47414a2d303030312cbed3c3f1c9edb7ddd6a4c9eac1ec2c3231303738322d47414a2cb9abb9b2b7fecef12cb0ecc9edb7ddd6a4a1a2b2b9b0ecc9edb7ddd6a40d0a',
    'hex',
  ); // "事项编码,事项名称,实施主体编码,事项类型,关键词\r\n210782-GAJ-0001,居民身份证申领,210782-GAJ,公共服务,办身份证、补办身份证\r\n" in GBK
  const expected = { code: '210782-GAJ-0001', name: '居民身份证申领', departmentCode: '210782-GAJ', matterType: '20', keywords: ['办身份证', '补办身份证'] };

  it('reads GBK (what Chinese Excel saves), and UTF-8 with or without BOM', async () => {
    const text = new TextDecoder('gb18030').decode(GBK);
    for (const input of [GBK, Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const r = await readSpreadsheet(input, { filename: '事项.csv' });
      expect(r.format).toBe('csv');
      expect(r.document).toEqual({ format: 'banshi-exchange', version: 1, matters: [expected] });
      expect(r.locate({ record: 'matters[0]', field: 'keywords[1]' })).toEqual({
        sheet: '事项.csv',
        row: 2,
        column: 'E',
        header: '关键词',
        value: '办身份证、补办身份证',
      });
    }
  });

  it('refuses text in no known encoding', async () => {
    const e = await rejection(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff, 0xfe, 0x80, 0xff]));
    expect([e.status, e.code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE']);
    expect(e.message).toContain('GBK');
  });

  it('detects the kind from the header row, with quoted fields, commas and line breaks', async () => {
    const csv = '条目编码,条目名称,编制单位编码,清单类别,办理流程\r\nG-1,"居民身份证申领, 换领",210782-GAJ,合规办事业务指南,"受理；""审核""；\n发证"\r\n';
    const r = await readSpreadsheet(Buffer.from(csv));
    expect(r.document).toEqual({
      format: 'banshi-exchange',
      version: 1,
      guides: [{ code: 'G-1', title: '居民身份证申领, 换领', departmentCode: '210782-GAJ', list: 'compliance', steps: ['受理', '"审核"', '发证'] }],
    });
  });

  it('passes JSON through, and says where its syntax breaks', async () => {
    const r = await readSpreadsheet(Buffer.from('{"format":"banshi-exchange","version":1,"matters":[]}'), { contentType: 'application/json' });
    expect(r).toMatchObject({ format: 'json', document: { format: 'banshi-exchange', matters: [] } });
    expect(r.locate({ record: 'matters[0]', field: 'name' })).toBeUndefined();
    const e = await rejection(Buffer.from('{"format": "banshi-exchange",'));
    expect([e.status, e.code]).toEqual([400, 'JSON_INVALID']);
  });
});

describe('parseCsv (csv-parse)', () => {
  it('keeps RFC 4180 quoting, literal quotes inside unquoted fields, any line end, and empty lines (row numbers stay the file’s)', () => {
    expect(parseCsv('a,"b,1","c ""q""\r\nd"\r\n\r\ne"f,g\rh,i\n')).toEqual([['a', 'b,1', 'c "q"\r\nd'], [''], ['e"f', 'g'], ['h', 'i']]);
  });

  it('refuses an unclosed quote, and files over the row or column limits, with the reader’s codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'accepted';
      } catch (e) {
        return [(e as SpreadsheetRejectedError).status, (e as SpreadsheetRejectedError).code];
      }
    };
    expect(code(() => parseCsv('a,"b\n'))).toEqual([400, 'SPREADSHEET_INVALID']);
    expect(code(() => parseCsv('h\n1\n2\n3\n', { maxRowsPerSheet: 2, maxColumns: 10 }))).toEqual([413, 'FILE_TOO_LARGE']);
    expect(code(() => parseCsv('h\n1\n2\n', { maxRowsPerSheet: 2, maxColumns: 10 }))).toBe('accepted');
    expect(code(() => parseCsv('a,b,c\n', { maxRowsPerSheet: 2, maxColumns: 2 }))).toEqual([413, 'FILE_TOO_LARGE']);
  });
});
