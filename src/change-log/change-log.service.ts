import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import type { ChangeEntityType, ChangeOp } from './change.entity';
import { Cursor, encodeCursor } from './change-cursor';
import type { ChangeDto, ChangesPageDto } from './changes.dto';

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

  /**
   * A page of the public change feed after `since` — what GET /api/v1/changes answers and what webhooks deliver.
   * A cursor below the pruned range (CHANGE_LOG_RETENTION_DAYS) gets 410 CURSOR_EXPIRED, never a silent gap.
   */
  async publicPage(since: Cursor, limit: number): Promise<ChangesPageDto> {
    const pruned = await this.prunedThrough();
    if (pruned && compareCursors(since, pruned) < 0) {
      throw new AppError(
        410,
        'CURSOR_EXPIRED',
        '游标早于变更记录的保留期，中间的变更已清理：请重新全量导出（GET /api/v1/export），再从导出响应头 X-Change-Cursor 给出的游标继续',
        {
          field: 'since',
          prunedThrough: encodeCursor(pruned),
          export: '/api/v1/export',
        },
      );
    }
    const rows = await this.after(since, limit, { publicOnly: true });
    const last = rows[rows.length - 1];
    return {
      changes: rows.map(toChangeDto),
      next: encodeCursor(last ? { txid: last.txid, id: last.id } : since),
      hasMore: rows.length === limit,
    };
  }

  /** Every change at or below this position has been pruned (null: nothing pruned yet). */
  async prunedThrough(source: DataSource = this.dataSource): Promise<Cursor | null> {
    const [row] = await source.query(`SELECT txid::text, row_id::text AS id FROM change_log_pruned WHERE id = 1`);
    return row ?? null;
  }

  /** The newest committed position (what "caught up" means for a reader). */
  async head(): Promise<Cursor> {
    const [row] = await this.dataSource.query(`SELECT txid::text, id::text FROM change_log ORDER BY change_log.txid DESC, change_log.id DESC LIMIT 1`);
    return row ?? { txid: '0', id: '0' };
  }

  /**
   * The position below which every transaction has finished (a rebuild replays from here; an export names it as the
   * cursor to resume from). Never below the pruned range: an empty log after pruning still gives a usable position.
   */
  async horizon(source: DataSource = this.dataSource): Promise<Cursor> {
    const [row] = await source.query(
      `SELECT COALESCE(max(txid), 0)::text AS txid FROM change_log WHERE txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
    );
    const horizon = { txid: String(BigInt(row.txid) > 0n ? BigInt(row.txid) - 1n : 0n), id: '0' };
    const pruned = await this.prunedThrough(source);
    return pruned && compareCursors(pruned, horizon) > 0 ? pruned : horizon;
  }
}

/** Orders two cursors as the change log does: by transaction id, then row id. */
export function compareCursors(a: Cursor, b: Cursor): number {
  const d = BigInt(a.txid) - BigInt(b.txid) || BigInt(a.id) - BigInt(b.id);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function toChangeDto(r: ChangeRow): ChangeDto {
  return {
    cursor: encodeCursor(r),
    type: r.entity_type,
    id: r.entity_id,
    code: r.entity_code,
    op: r.op,
    status: r.status,
    version: r.version,
    changedAt: new Date(r.changed_at).toISOString(),
  };
}
