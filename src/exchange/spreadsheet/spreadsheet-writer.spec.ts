import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { buildBeizhenDemo } from '../../../seeds/beizhen';
import {
  ChannelDto,
  ComplaintChannelDto,
  ExchangeBundleDto,
  ExchangeDepartmentDto,
  ExchangeGuideDto,
  ExchangeLocationDto,
  ExchangeMatterDto,
  FaqDto,
  FeeDto,
  GuideContactDto,
  LegalBasisDto,
  MaterialDto,
  MatterLocationDto,
  RedressDto,
  ResultDto,
  SpecialProcedureDto,
  StepDto,
  TimeLimitDto,
} from '../exchange.dto';
import { canonicalBundle, canonicalDepartment, canonicalGuide, canonicalLocation, canonicalMatter, clean } from '../exchange-records';
import { csvField } from '../spreadsheet-cells';
import { CSV_COLUMNS } from './csv-columns';
import { childSheets, RecordKind, topSheet } from './sheet-layout';
import { readSpreadsheet } from './spreadsheet-reader';
import { RecordSource, writeWorkbook } from './spreadsheet-writer';

// Workbooks are built, zipped and parsed for real; a loaded test runner needs more than the default 5 s.
jest.setTimeout(60_000);

async function toBuffer(source: RecordSource): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(out, 'end');
  await writeWorkbook(out, source);
  await ended;
  return Buffer.concat(chunks);
}

type Doc = Record<RecordKind, object[]>;
const CANONICAL: Record<RecordKind, (r: never) => object> = {
  departments: canonicalDepartment,
  locations: canonicalLocation,
  matters: canonicalMatter,
  guides: canonicalGuide,
  bundles: canonicalBundle,
};
const canonical = (kind: RecordKind, records: object[]) => records.map((r) => CANONICAL[kind](r as never));
const KINDS: RecordKind[] = ['departments', 'locations', 'matters', 'guides', 'bundles'];

describe('spreadsheet writer', () => {
  it('export → import of the whole 北镇市 demo catalogue is lossless', async () => {
    const demo = buildBeizhenDemo() as unknown as Doc;
    const buf = await toBuffer((kind) => demo[kind]);
    const { document } = await readSpreadsheet(buf, { filename: 'banshi-catalogue.xlsx' });
    for (const kind of KINDS) expect(canonical(kind, (document as Doc)[kind])).toEqual(canonical(kind, demo[kind]));
  }, 60_000);

  it('any text survives the round trip, formula-like text included, and is neutralised in the file', async () => {
    const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', "'", '"', ',', '；', '、', '\n', ' ', 'a', '办', '\t'), minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(text, text, async (conditions, answer) => {
        const matter = { code: 'A-1', name: '事项', departmentCode: 'D', matterType: '20', conditions, faqs: [{ question: '问', answer }] };
        const buf = await toBuffer((kind) => (kind === 'matters' ? [matter] : []));
        const { document } = await readSpreadsheet(buf);
        expect(canonicalMatter((document as Doc).matters[0] as ExchangeMatterDto)).toEqual(canonicalMatter(matter as ExchangeMatterDto));
      }),
      { numRuns: 30 },
    );
    const buf = await toBuffer((kind) =>
      kind === 'matters' ? [{ code: 'A-1', name: '事项', departmentCode: 'D', matterType: '20', conditions: '=HYPERLINK("http://x")' }] : [],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('事项')!;
    const column = (ws.getRow(1).values as string[]).indexOf('受理条件');
    expect(ws.getRow(2).getCell(column).value).toBe('\'=HYPERLINK("http://x")');
  }, 60_000);

  it('a CSV written by the CSV export reads back as the same records (every kind)', async () => {
    const demo = buildBeizhenDemo() as unknown as Doc;
    for (const kind of KINDS) {
      const columns = CSV_COLUMNS[kind];
      const records = canonical(kind, demo[kind]).slice(0, 200) as Record<string, unknown>[];
      const csv = `\ufeff${columns.join(',')}\r\n${records.map((r) => `${columns.map((c) => csvField(r[c])).join(',')}\r\n`).join('')}`;
      const { document } = await readSpreadsheet(Buffer.from(csv), { filename: `banshi-${kind}.csv` });
      const projected = records.map((r) => clean(Object.fromEntries(columns.map((c) => [c, r[c]]))));
      expect(((document as Doc)[kind] as object[]).map((r) => clean(r))).toEqual(projected);
    }
  }, 30_000);
});

describe('sheet layout', () => {
  const fields = (dto: new () => object) => [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
  const NESTED: Record<string, new () => object> = {
    legalLimit: TimeLimitDto,
    promisedLimit: TimeLimitDto,
    consult: ChannelDto,
    complaint: ChannelDto,
    result: ResultDto,
    redress: RedressDto,
    legalBasis: LegalBasisDto,
    materials: MaterialDto,
    fees: FeeDto,
    steps: StepDto,
    specialProcedures: SpecialProcedureDto,
    locations: MatterLocationDto,
    faqs: FaqDto,
    contact: GuideContactDto,
    complaintChannels: ComplaintChannelDto,
  };
  const DTOS: Record<RecordKind, new () => object> = {
    departments: ExchangeDepartmentDto,
    locations: ExchangeLocationDto,
    matters: ExchangeMatterDto,
    guides: ExchangeGuideDto,
    bundles: ExchangeBundleDto,
  };

  it.each(KINDS)('has a column for every field of %s, nested ones included (so a re-import loses nothing)', (kind) => {
    const top = topSheet(kind).columns.map((c) => c.path);
    const missing: string[] = [];
    for (const field of fields(DTOS[kind])) {
      if (top.includes(field)) continue;
      const child = childSheets(kind).find((s) => s.child!.field === field);
      const paths = child ? child.columns.map((c) => c.path) : top.filter((p) => p.startsWith(`${field}.`)).map((p) => p.slice(field.length + 1));
      const nested = NESTED[field];
      if (!nested || !paths.length) missing.push(field);
      else
        missing.push(
          ...fields(nested)
            .filter((f) => !paths.includes(f))
            .map((f) => `${field}.${f}`),
        );
    }
    expect(missing).toEqual([]);
  });
});
