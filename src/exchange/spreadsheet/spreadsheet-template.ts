import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { EXAMPLE_RECORDS } from './spreadsheet-example';
import { writeWorkbook } from './spreadsheet-writer';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The import template (GET /api/v1/admin/import/template.xlsx): 填写说明, one sheet per kind of record with
 * bold frozen headers (required ones marked * and shaded), drop-downs fed by the hidden 代码表 sheet, and one
 * grey example row per sheet. It is the same workbook the export writes, so a filled template and an export
 * import the same way.
 */
export async function buildSpreadsheetTemplate(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(out, 'end');
  await writeWorkbook(out, (kind) => EXAMPLE_RECORDS[kind], { example: true, spareRows: 2000 });
  await ended;
  return Buffer.concat(chunks);
}
