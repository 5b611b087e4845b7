import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, checked for entries above 1 MB uncompressed. */
  maxCompressionRatio: number;
  maxEntries: number;
  /**
   * Cells covered by the data-validation and merged-cell ranges of all sheets: exceljs expands each range
   * cell by cell while loading, so `sqref="A1:XFD1048576"` in a tiny file would take minutes and gigabytes.
   */
  maxRangeCells: number;
}

export type ZipVerdict = { ok: true } | { ok: false; reason: 'corrupt' | 'too-large' | 'ratio' | 'entries' | 'ranges' | 'unsupported'; message: string };

interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

/**
 * Inspects a zip (an XLSX) before anything inflates it: the central directory's entry count, declared sizes
 * and compression ratios, then inflates each entry with an output cap equal to its declared size, so an entry
 * that lies about its size (the classic zip bomb) is stopped at that size instead of filling memory.
 */
export function inspectZip(buf: Buffer, limits: ZipLimits): ZipVerdict {
  const entries = readCentralDirectory(buf);
  if (typeof entries === 'string')
    return {
      ok: false,
      reason: entries === 'zip64' ? 'unsupported' : 'corrupt',
      message: entries === 'zip64' ? '不支持 ZIP64 格式的文件' : '文件已损坏，不是有效的 XLSX（ZIP）文件',
    };
  if (entries.length > limits.maxEntries)
    return { ok: false, reason: 'entries', message: `压缩包内文件过多（${entries.length} 个，上限 ${limits.maxEntries}）` };
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (total > limits.maxUncompressedBytes) {
      return { ok: false, reason: 'too-large', message: `解压后超过 ${mb(limits.maxUncompressedBytes)}（疑似压缩炸弹）` };
    }
    if (e.uncompressed > RATIO_FLOOR && e.uncompressed / Math.max(e.compressed, 1) > limits.maxCompressionRatio) {
      return { ok: false, reason: 'ratio', message: `“${e.name}”的压缩比异常（超过 ${limits.maxCompressionRatio}:1，疑似压缩炸弹）` };
    }
  }
  let rangeCells = 0;
  for (const e of entries) {
    const verdict = verifyEntry(buf, e);
    if (typeof verdict !== 'string' && /^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      rangeCells += cellsInRanges(verdict.toString('utf8'));
      if (rangeCells > limits.maxRangeCells) {
        return { ok: false, reason: 'ranges', message: `数据验证或合并单元格的范围过大（超过 ${limits.maxRangeCells} 个单元格），请缩小到实际使用的行` };
      }
    }
    if (typeof verdict === 'string')
      return {
        ok: false,
        reason: verdict === 'method' ? 'unsupported' : 'corrupt',
        message: verdict === 'method' ? `“${e.name}”使用了不支持的压缩方式` : `“${e.name}”已损坏或实际大小与声明不符`,
      };
  }
  return { ok: true };
}

function readCentralDirectory(buf: Buffer): Entry[] | 'corrupt' | 'zip64' {
  const eocd = findEocd(buf);
  if (eocd < 0) return 'corrupt';
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return 'zip64';
  if (offset + size > eocd) return 'corrupt';
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return 'corrupt';
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: Entry = {
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if (entry.compressed === 0xffffffff || entry.uncompressed === 0xffffffff || entry.localOffset === 0xffffffff) return 'zip64';
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** The end-of-central-directory record is in the last 22 + 65535 (comment) bytes. */
function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  return -1;
}

/** The inflated entry, or why it cannot be trusted. */
function verifyEntry(buf: Buffer, e: Entry): Buffer | 'corrupt' | 'method' {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return 'corrupt';
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (data.length !== e.compressed) return 'corrupt';
  if (e.method === 0) return e.compressed === e.uncompressed ? data : 'corrupt';
  if (e.method !== 8) return 'method';
  try {
    // One byte of headroom: output longer than declared throws instead of being produced.
    const out = inflateRawSync(data, { maxOutputLength: e.uncompressed + 1 });
    return out.length === e.uncompressed ? out : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

/** Cells covered by `sqref` (data validations) and `<mergeCell ref>` ranges in one worksheet's XML. */
export function cellsInRanges(xml: string): number {
  let total = 0;
  for (const m of xml.matchAll(/<(?:x:)?(?:dataValidation|mergeCell)\b[^>]*?\b(?:sqref|ref)="([^"]*)"/g)) {
    for (const range of m[1].trim().split(/\s+/).filter(Boolean)) total += rangeSize(range);
  }
  return total;
}

function rangeSize(range: string): number {
  const [a, b = a] = range.split(':');
  const pa = cellRef(a);
  const pb = cellRef(b);
  // Excel always writes full references; anything else (e.g. "C:C") counts as too big to expand.
  if (!pa || !pb) return Number.MAX_SAFE_INTEGER;
  return (Math.abs(pb.row - pa.row) + 1) * (Math.abs(pb.col - pa.col) + 1);
}

function cellRef(ref: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref);
  if (!m) return undefined;
  const col = [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col };
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
