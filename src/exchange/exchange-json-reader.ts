import { SpreadsheetRejectedError } from './spreadsheet';

/** The record arrays of an exchange document, in the order the importer handles them. */
export const RECORD_KINDS = ['departments', 'locations', 'matters', 'guides', 'bundles'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What the reader finds at the top level of an exchange document, in file order. */
export type ExchangeJsonItem =
  /** A top-level field other than a record array (format, version, region, …), or a record field that is not an array. */
  | { type: 'field'; key: string; value: unknown }
  /** One record of `departments`, `locations`, `matters`, `guides` or `bundles`; `value` is undefined when not parsing. */
  | { type: 'record'; kind: RecordKind; index: number; value: unknown };

export interface ExchangeJsonOptions {
  /** false = only find the records (count them, check the structure), without parsing them: the cheap first pass. */
  parse: boolean;
  /** Largest single record or top-level field, in bytes. */
  maxValueBytes?: number;
}

const MB = 1024 * 1024;
const KINDS = new Set<string>(RECORD_KINDS);
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

const invalid = (message: string) => new SpreadsheetRejectedError('JSON_INVALID', `JSON 格式错误：${message}`);

type State = 'start' | 'key-or-end' | 'key' | 'in-key' | 'colon' | 'value' | 'item-or-end' | 'item' | 'after-item' | 'after-value' | 'end';

/**
 * Reads an exchange document (docs/exchange-format.md) from a byte stream one record at a time, so that neither the
 * file nor its parsed whole is ever held: the top-level object and the five record arrays are tokenised here, and
 * each record (and each other top-level field) is handed to JSON.parse on its own. Syntax errors name the byte
 * offset; text must be UTF-8 (RFC 8259), with or without a BOM. Nothing is buffered beyond the value being read.
 */
export async function* readExchangeJson(source: AsyncIterable<Buffer>, options: ExchangeJsonOptions): AsyncGenerator<ExchangeJsonItem> {
  const maxValueBytes = options.maxValueBytes ?? 8 * MB;
  let state: State = 'start';
  let offset = 0; // bytes before the current chunk
  let key: number[] = [];
  let keyEscape = false;
  let currentKey = '';
  const seenKinds = new Set<string>();
  let kind: RecordKind | null = null;
  let index = 0;
  // The value being captured (a record or a top-level field): its pieces, depth and string state.
  let pieces: Buffer[] = [];
  let bytes = 0;
  let depth = 0;
  let inString = false;
  let escape = false;
  let valueStart = 0;
  let bom = 0;
  let capturing = false; // a value continues from the previous chunk
  let captureFrom = -1; // where the captured value starts in the current chunk
  const startValue = (at: number) => {
    captureFrom = at;
    valueStart = offset + at;
    depth = 0;
    inString = false;
    escape = false;
    pieces = [];
    bytes = 0;
  };

  const emit = (): ExchangeJsonItem => {
    const at = valueStart;
    let value: unknown;
    if (options.parse || !kind) {
      let text: string;
      try {
        text = utf8.decode(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
      } catch {
        throw new SpreadsheetRejectedError('UNSUPPORTED_FILE_TYPE', 'JSON 文件必须是 UTF-8 编码');
      }
      try {
        value = JSON.parse(text);
      } catch (e) {
        const where = kind ? `${kind}[${index}]，从第 ${at + 1} 字节开始` : `字段 ${currentKey}，从第 ${at + 1} 字节开始`;
        throw invalid(`${where}：${(e as Error).message}`);
      }
    }
    pieces = [];
    bytes = 0;
    return kind ? { type: 'record', kind, index: index++, value } : { type: 'field', key: currentKey, value };
  };

  for await (const chunk of source) {
    let i = 0;
    captureFrom = capturing ? 0 : -1;
    const items: ExchangeJsonItem[] = [];
    const keep = (end: number) => {
      if (options.parse || !kind) pieces.push(chunk.subarray(captureFrom, end));
      bytes += end - captureFrom;
      if (bytes > maxValueBytes) {
        throw new SpreadsheetRejectedError(
          'FILE_TOO_LARGE',
          `${kind ? `${kind}[${index}]` : `字段 ${currentKey}`} 超过 ${Math.round(maxValueBytes / MB)} MB 的单条上限`,
        );
      }
    };
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      switch (state) {
        case 'start':
          if (offset + i < 3 && b === [0xef, 0xbb, 0xbf][bom] && bom === offset + i) {
            bom++;
            continue;
          }
          if (WS.has(b)) continue;
          if (b !== 0x7b) throw new NotAnObject();
          state = 'key-or-end';
          continue;
        case 'key-or-end':
        case 'key':
          if (WS.has(b)) continue;
          if (b === 0x7d && state === 'key-or-end') {
            state = 'end';
            continue;
          }
          if (b !== 0x22) throw invalid(`第 ${offset + i + 1} 字节处应为字段名`);
          state = 'in-key';
          key = [];
          keyEscape = false;
          continue;
        case 'in-key':
          if (keyEscape) keyEscape = false;
          else if (b === 0x5c) keyEscape = true;
          else if (b === 0x22) {
            try {
              currentKey = JSON.parse(`"${Buffer.from(key).toString('utf8')}"`) as string;
            } catch {
              throw invalid(`第 ${offset + i + 1} 字节处的字段名无效`);
            }
            state = 'colon';
            continue;
          }
          key.push(b);
          if (key.length > 1000) throw invalid('字段名过长');
          continue;
        case 'colon':
          if (WS.has(b)) continue;
          if (b !== 0x3a) throw invalid(`第 ${offset + i + 1} 字节处应为冒号`);
          state = 'value';
          continue;
        case 'value':
          if (WS.has(b)) continue;
          if (KINDS.has(currentKey) && b === 0x5b) {
            if (seenKinds.has(currentKey)) throw invalid(`字段 ${currentKey} 出现了两次`);
            seenKinds.add(currentKey);
            kind = currentKey as RecordKind;
            index = 0;
            state = 'item-or-end';
            continue;
          }
          kind = null;
          startValue(i);
          state = 'item';
          // fall through to capture this byte as part of the value
          i--;
          continue;
        case 'item-or-end':
        case 'item':
          if (captureFrom < 0) {
            if (WS.has(b)) continue;
            if (b === 0x5d && state === 'item-or-end' && kind) {
              kind = null;
              state = 'after-value';
              continue;
            }
            startValue(i);
          }
          if (inString) {
            if (escape) escape = false;
            else if (b === 0x5c) escape = true;
            else if (b === 0x22) inString = false;
            continue;
          }
          if (b === 0x22) inString = true;
          else if (b === 0x7b || b === 0x5b) depth++;
          else if ((b === 0x7d || b === 0x5d) && depth > 0) depth--;
          else if (depth === 0 && (b === 0x2c || (kind ? b === 0x5d : b === 0x7d))) {
            keep(i);
            captureFrom = -1;
            capturing = false;
            const wasRecord = !!kind;
            items.push(emit());
            if (!wasRecord) state = b === 0x2c ? 'key' : 'end';
            else if (b === 0x2c) state = 'item';
            else {
              kind = null;
              state = 'after-value';
            }
          }
          continue;
        case 'after-value':
          if (WS.has(b)) continue;
          if (b === 0x2c) state = 'key';
          else if (b === 0x7d) state = 'end';
          else throw invalid(`第 ${offset + i + 1} 字节处应为逗号或 }`);
          continue;
        case 'end':
          if (!WS.has(b)) throw invalid(`第 ${offset + i + 1} 字节处：文档结束后还有内容`);
          continue;
      }
    }
    capturing = captureFrom >= 0;
    if (capturing) keep(chunk.length);
    offset += chunk.length;
    yield* items;
  }
  if (state === 'start') throw new SpreadsheetRejectedError('SPREADSHEET_INVALID', '文件是空的');
  if (state !== 'end') throw invalid(`文件在第 ${offset} 字节处意外结束`);
}

/** The document is valid JSON so far, but not an object (the importer reports it as a problem of the file). */
export class NotAnObject extends Error {}
