import { AppError } from '../common/app-error';

/** A position in the change log: (transaction id, row id). Ordered by txid first — see change.entity.ts. */
export interface Cursor {
  txid: string;
  id: string;
}

export const START: Cursor = { txid: '0', id: '0' };

/** Opaque to clients: base64url of "txid.id". */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.txid}.${c.id}`).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(value) ? Buffer.from(value, 'base64url').toString() : '';
  const m = /^(\d{1,19})\.(\d{1,19})$/.exec(text);
  if (!m) throw AppError.badRequest('since', '游标无效，请使用上一次响应中的 next', 'INVALID_CURSOR');
  return { txid: m[1], id: m[2] };
}
