import type { Response } from 'express';
import { streamWriter } from '../common/streaming';
import { csvField } from '../exchange/spreadsheet-cells';
import type { AuditRecord } from './audit-record.entity';

const CSV_HEADER = ['id', 'at', 'actorLogin', 'actorRole', 'ip', 'requestId', 'action', 'objectType', 'objectId', 'result', 'details', 'hash'] as const;

/** Streams an audit export as a download (ndjson or csv with a BOM for spreadsheets); the API and the console both use it. */
export async function sendAuditExport(res: Response, rows: AsyncIterable<AuditRecord>, format: 'ndjson' | 'csv'): Promise<void> {
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="banshi-audit.${format}"`);
  const write = streamWriter(res);
  if (format === 'csv') await write(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
  for await (const r of rows) {
    if (format === 'csv') {
      await write(`${CSV_HEADER.map((k) => csvField(k === 'at' ? r.at.toISOString() : r[k])).join(',')}\r\n`);
    } else {
      await write(`${JSON.stringify(r)}\n`);
    }
  }
  res.end();
}
