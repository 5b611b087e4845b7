import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import ExcelJS from 'exceljs';
import { ExchangeGuideDto, ExchangeMatterDto } from '../exchange.dto';
import { canonicalGuide, canonicalMatter } from '../exchange-records';
import { CODE_TABLE_SHEET, INSTRUCTIONS_SHEET, SHEETS } from './sheet-layout';
import { EXAMPLE_RECORDS } from './spreadsheet-example';
import { readSpreadsheet } from './spreadsheet-reader';
import { buildSpreadsheetTemplate } from './spreadsheet-template';

// Workbooks are built, zipped and parsed for real; a loaded test runner needs more than the default 5 s.
jest.setTimeout(60_000);

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

const headerIndex = (ws: ExcelJS.Worksheet, header: string) => {
  const row = ws.getRow(1);
  for (let c = 1; c <= ws.columnCount; c++) if (String(row.getCell(c).value).replace('*', '') === header) return c;
  throw new Error(`no column ${header} in ${ws.name}`);
};

describe('spreadsheet template', () => {
  let template: Buffer;
  beforeAll(async () => {
    template = await buildSpreadsheetTemplate();
  });

  it('has the instructions, one sheet per layout entry with bold frozen headers, and a hidden code table', async () => {
    const wb = await load(template);
    expect(wb.worksheets.map((w) => w.name)).toEqual([INSTRUCTIONS_SHEET, ...SHEETS.map((s) => s.name), CODE_TABLE_SHEET]);
    expect(wb.getWorksheet(CODE_TABLE_SHEET)!.state).toBe('hidden');
    const matters = wb.getWorksheet('事项')!;
    expect(matters.getRow(1).getCell(1).value).toBe('事项编码*');
    expect(matters.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(matters.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(matters.getColumn(1).width).toBeGreaterThan(10);
    // 事项类型 offers the national code list through the hidden sheet
    const typeColumn = headerIndex(matters, '事项类型');
    const validation = (matters as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[
      matters.getRow(2).getCell(typeColumn).address
    ];
    expect(validation.type).toBe('list');
    expect(validation.formulae[0]).toMatch(/^'代码表'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
    const [, ref] = /!\$([A-Z]+)\$2/.exec(validation.formulae[0])!;
    const codes = wb.getWorksheet(CODE_TABLE_SHEET)!.getColumn(ref).values.filter(Boolean);
    expect(codes).toContain('01 行政许可');
    expect(codes).toContain('20 公共服务');
    // the instructions list every column
    const instructions = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    expect(instructions.getColumn(2).values).toContain('材料必要性');
  });

  it('reads back as the example document, every record valid for the importer', async () => {
    const { document } = await readSpreadsheet(template, { filename: 'template.xlsx' });
    const doc = document as { matters: object[]; guides: object[]; departments: object[]; locations: object[]; bundles: object[] };
    expect(doc.matters.map((m) => canonicalMatter(m as ExchangeMatterDto))).toEqual(EXAMPLE_RECORDS.matters.map((m) => canonicalMatter(m as never)));
    expect(doc.guides.map((g) => canonicalGuide(g as ExchangeGuideDto))).toEqual(EXAMPLE_RECORDS.guides.map((g) => canonicalGuide(g as never)));
    expect(doc.departments).toEqual(EXAMPLE_RECORDS.departments);
    expect(doc.locations).toEqual(EXAMPLE_RECORDS.locations);
    expect(doc.bundles).toEqual(EXAMPLE_RECORDS.bundles);
    for (const m of doc.matters) expect(validateSync(plainToInstance(ExchangeMatterDto, m), { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    for (const g of doc.guides) expect(validateSync(plainToInstance(ExchangeGuideDto, g), { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  });

  it('reads rows a clerk fills in Excel: labels, number and date cells, 是/否, child rows in order', async () => {
    const wb = await load(template);
    const put = (sheet: string, row: number, values: Record<string, ExcelJS.CellValue>) => {
      const ws = wb.getWorksheet(sheet)!;
      for (const [header, value] of Object.entries(values)) ws.getRow(row).getCell(headerIndex(ws, header)).value = value;
    };
    // below the example rows (two matters, four materials, one FAQ)
    put('事项', 4, {
      事项编码: '210782-MZJ-0007',
      事项名称: '结婚登记',
      实施主体编码: '210782-MZJ',
      事项类型: '行政确认',
      行使层级: '4、3 市级',
      服务对象: 1,
      是否收费: '否',
      法定办结时限: 0,
      法定时限单位: '工作日',
      承诺办结时限: '0',
      办件类型: '1 即办件',
      到办事现场次数: 1,
      到现场原因: '双方本人到场声明',
      是否支持预约: true,
      生效日期: new Date(Date.UTC(2025, 4, 20)),
      关键词: '领证、结婚',
      自然人主题: '060',
    });
    put('材料', 6, { 事项编码: '210782-MZJ-0007', 材料名称: '居民户口簿', 份数: 1, 免提交: '是' });
    put('材料', 7, { 事项编码: '210782-MZJ-0007', 材料名称: '居民身份证', 材料必要性: '必要' });
    put('材料', 8, { 事项编码: '210782-MZJ-0007', 材料名称: '近期半身免冠合影照片', 份数: 3 });
    put('常见问题', 3, { 事项编码: '210782-MZJ-0007', 问题: '可以异地登记吗？', 解答: '可以，在一方常住户口所在地以外的登记机关也能办理。' });
    const buf = Buffer.from(await wb.xlsx.writeBuffer());

    const { document } = await readSpreadsheet(buf);
    const matter = (document as { matters: Record<string, unknown>[] }).matters[2];
    expect(matter).toEqual({
      code: '210782-MZJ-0007',
      name: '结婚登记',
      departmentCode: '210782-MZJ',
      matterType: '07',
      exerciseLevels: ['4', '3'],
      serviceObjects: ['1'],
      charged: false,
      legalLimit: { value: 0, unit: '工作日' },
      promisedLimit: { value: 0 },
      caseType: '1',
      onSiteVisits: 1,
      onSiteReason: '双方本人到场声明',
      appointment: true,
      effectiveFrom: '2025-05-20',
      keywords: ['领证', '结婚'],
      personalThemes: ['060'],
      materials: [
        { name: '居民户口簿', copies: 1, sharedCertificate: true },
        { name: '居民身份证', necessity: '必要' },
        { name: '近期半身免冠合影照片', copies: 3 },
      ],
      faqs: [{ question: '可以异地登记吗？', answer: '可以，在一方常住户口所在地以外的登记机关也能办理。' }],
    });
    // the example matters' own children are untouched
    expect((document as { matters: { materials: unknown[] }[] }).matters.slice(0, 2).map((m) => m.materials.length)).toEqual([2, 2]);
  });
});
