import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { canonicalMatter } from '../src/exchange/exchange-records';
import { ExchangeMatterDto } from '../src/exchange/exchange.dto';
import { readSpreadsheet } from '../src/exchange/spreadsheet/spreadsheet-reader';
import { Banshi, startBanshi } from './setup/test-app';

/** The response body as bytes (supertest would otherwise try to parse the workbook as text). */
const bytes = (req: ReturnType<ReturnType<Banshi['http']>['get']>) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** GET /api/v1/export?format=xlsx: the streamed workbook holds the same published catalogue as the JSON export. */
describe('export: xlsx', () => {
  let banshi: Banshi;
  const dir = mkdtempSync(join(tmpdir(), 'banshi-xlsx-'));
  const demo = buildBeizhenDemo();

  beforeAll(async () => {
    const file = join(dir, 'demo.json');
    writeFileSync(file, JSON.stringify(demo));
    banshi = await startBanshi();
    const r = banshi.cli('import', [file]);
    expect(r.status).toBe(0);
  });
  afterAll(() => banshi?.close());

  it('reads back as the JSON export, with formula-like text neutralised in the cells', async () => {
    const code = demo.matters[9].code;
    await banshi.sql(`UPDATE service_matters SET conditions = '=HYPERLINK("http://x")' WHERE code = $1`, [code]);

    const json = await banshi.http().get('/api/v1/export?format=json').expect(200);
    const res = await bytes(banshi.http().get('/api/v1/export?format=xlsx')).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="banshi-catalogue.xlsx"');

    const { document } = await readSpreadsheet(res.body as Buffer, { filename: 'banshi-catalogue.xlsx' });
    const doc = document as Record<string, object[]>;
    const fromJson = (json.body.matters as ExchangeMatterDto[]).map(canonicalMatter);
    expect(fromJson).toHaveLength(968);
    expect(doc.matters.map((m) => canonicalMatter(m as ExchangeMatterDto))).toEqual(fromJson);
    for (const kind of ['departments', 'locations', 'guides', 'bundles']) expect(doc[kind]).toHaveLength(json.body[kind].length);
    expect((doc.matters as ExchangeMatterDto[]).find((m) => m.code === code)!.conditions).toBe('=HYPERLINK("http://x")');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const ws = wb.getWorksheet('事项')!;
    const headers = ws.getRow(1).values as string[];
    let cell: ExcelJS.CellValue;
    ws.eachRow((row) => {
      if (row.getCell(1).value === code) cell = row.getCell(headers.indexOf('受理条件')).value;
    });
    expect(cell!).toBe('\'=HYPERLINK("http://x")');
  });

  it('narrows to one kind and one department', async () => {
    const departmentCode = demo.matters[0].departmentCode;
    const res = await bytes(banshi.http().get('/api/v1/export').query({ format: 'xlsx', kind: 'matters', departmentCode })).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="banshi-matters.xlsx"');
    const { document } = await readSpreadsheet(res.body as Buffer);
    const doc = document as Record<string, ExchangeMatterDto[]>;
    expect(doc.matters.length).toBe(demo.matters.filter((m) => m.departmentCode === departmentCode && (m.status ?? 'published') === 'published').length);
    expect(doc.matters.every((m) => m.departmentCode === departmentCode)).toBe(true);
    expect(doc.guides).toEqual([]);
  });
});
