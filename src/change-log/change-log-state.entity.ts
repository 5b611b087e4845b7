import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one row that says how far the change log has been pruned (CHANGE_LOG_RETENTION_DAYS). A reader whose cursor is
 * below it would miss changes, so the feed answers 410 CURSOR_EXPIRED instead of a silent gap.
 */
@Entity('change_log_pruned')
@Check(`"id" = 1`)
export class ChangeLogPruned {
  @PrimaryColumn({ type: 'integer', default: 1 })
  id: number;

  /** Every change at or below (txid, rowId) has been deleted. */
  @Column({ type: 'bigint' })
  txid: string;

  @Column({ type: 'bigint' })
  rowId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  prunedAt: Date;
}
