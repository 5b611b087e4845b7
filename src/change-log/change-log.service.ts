import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChangeEntityType, ChangeOp } from './change.entity';
import { Cursor } from './change-cursor';

export interface ChangeRow {
  id: string;
  txid: string;
  entity_type: ChangeEntityType;
  entity_id: string;
  entity_code: string;
  op: ChangeOp;
  status: string | null;
  version: number | null;
  changed_at: Date;
}

/**
 * Reads the change log — the one record of changes that both the search relay and the public change feed use.
 * Rows come in (txid, id) order and only from transactions older than every transaction still running, so a
 * transaction that commits late is read later, never jumped over by a cursor.
 */
@Injectable()
export class ChangeLogService {
  constructor(private readonly dataSource: DataSource) {}

  after(cursor: Cursor, limit: number, options: { publicOnly?: boolean } = {}): Promise<ChangeRow[]> {
    // Public readers see changes to published records, and the removal of records from publication.
    // (ORDER BY names the table's bigint columns: the text aliases in the SELECT list would sort as strings.)
    const visible = options.publicOnly ? `AND (status = 'published' OR op IN ('unpublish', 'delete'))` : '';
    return this.dataSource.query(
      `SELECT id::text, txid::text, entity_type, entity_id, entity_code, op, status, version, changed_at FROM change_log
       WHERE (txid, id) > ($1::bigint, $2::bigint)
         AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint ${visible}
       ORDER BY change_log.txid, change_log.id LIMIT $3`,
      [cursor.txid, cursor.id, limit],
    );
  }

  /** The newest committed position (what "caught up" means for a reader). */
  async head(): Promise<Cursor> {
    const [row] = await this.dataSource.query(`SELECT txid::text, id::text FROM change_log ORDER BY change_log.txid DESC, change_log.id DESC LIMIT 1`);
    return row ?? { txid: '0', id: '0' };
  }

  /** The position below which every transaction has finished (a rebuild replays from here). */
  async horizon(): Promise<Cursor> {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(max(txid), 0)::text AS txid FROM change_log WHERE txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
    );
    return { txid: String(BigInt(row.txid) > 0n ? BigInt(row.txid) - 1n : 0n), id: '0' };
  }
}
