import { ExchangeJsonItem, NotAnObject, readExchangeJson } from './exchange-json-reader';
import { SpreadsheetRejectedError } from './spreadsheet';

/** The bytes of `text`, cut into chunks of `size` (1 = every byte its own chunk, the hardest case for the tokeniser). */
async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function read(text: string | Buffer, size = 7, parse = true): Promise<ExchangeJsonItem[]> {
  const out: ExchangeJsonItem[] = [];
  for await (const item of readExchangeJson(chunks(text, size), { parse })) out.push(item);
  return out;
}

const rejection = (text: string | Buffer) =>
  read(text, 3).then(
    () => {
      throw new Error('accepted');
    },
    (e: unknown) => e as SpreadsheetRejectedError,
  );

describe('readExchangeJson', () => {
  const doc = {
    format: 'banshi-exchange',
    version: 1,
    region: { code: '210782', name: '北镇市' },
    matters: [{ code: 'M-1', name: '居民身份证申领 "换领", [补领] {急}', faqs: [{ question: '要几张照片？', answer: '两张\\n' }] }, {}, { code: 'M-3' }],
    departments: [],
    guides: null,
    bundles: [{ code: 'B-1', matterCodes: ['M-1'] }],
  };

  it.each([1, 2, 5, 64, 100_000])('yields the fields and each record in file order, whatever the chunk size (%i)', async (size) => {
    const text = JSON.stringify(doc, null, size % 2 ? 2 : undefined);
    expect(await read(text, size)).toEqual([
      { type: 'field', key: 'format', value: 'banshi-exchange' },
      { type: 'field', key: 'version', value: 1 },
      { type: 'field', key: 'region', value: doc.region },
      ...doc.matters.map((value, index) => ({ type: 'record', kind: 'matters', index, value })),
      { type: 'field', key: 'guides', value: null },
      { type: 'record', kind: 'bundles', index: 0, value: doc.bundles[0] },
    ]);
  });

  it('counts records without parsing them in the first pass, and skips a UTF-8 BOM', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"matters":[${'{},'.repeat(999)}{}]}`)]);
    const items = await read(text, 64, false);
    expect(items).toHaveLength(1000);
    expect(items[999]).toEqual({ type: 'record', kind: 'matters', index: 999, value: undefined });
  });

  it('says where the syntax breaks, and refuses what JSON.parse would', async () => {
    for (const bad of [
      '{"matters": [',
      '{"matters": [{}] x}',
      '{"matters": [{},]}',
      '{"matters": [{"a" 1}]}',
      '{"a": 1} {}',
      '{"matters": [{}], "matters": []}',
      '{"a" 1}',
    ]) {
      const e = await rejection(bad);
      expect([e.status, e.code, bad]).toEqual([400, 'JSON_INVALID', bad]);
      expect(e.message).toMatch(/^JSON 格式错误：/);
    }
    expect((await rejection('{"matters": [{"name": "x"}, {"name": }]}')).message).toContain('matters[1]');
    expect((await rejection(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).code).toBe('UNSUPPORTED_FILE_TYPE');
    await expect(read('[{}]')).rejects.toBeInstanceOf(NotAnObject);
  });

  it('refuses a single record above the per-value limit before reading all of it', async () => {
    const big = `{"matters":[{"name":"${'x'.repeat(5000)}"}]}`;
    const out: unknown[] = [];
    const e = await (async () => {
      for await (const item of readExchangeJson(chunks(big, 100), { parse: true, maxValueBytes: 1000 })) out.push(item);
    })().catch((x: unknown) => x as SpreadsheetRejectedError);
    expect(e).toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
  });
});
