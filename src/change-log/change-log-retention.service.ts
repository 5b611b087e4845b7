import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntervalJob, tryAdvisoryXactLock } from '../common/interval-job';
import { AppConfig } from '../config/app-config';

/** Rows deleted per statement, so pruning a long history never holds one huge transaction. */
const BATCH = 10_000;

/**
 * Prunes the change log after CHANGE_LOG_RETENTION_DAYS (0 = keep everything, the default).
 * Never below what an internal reader still needs: every search relay's cursor (search_sync_state) and every
 * enabled webhook subscription's cursor hold the pruning back. The pruned-through position is recorded, so the public
 * feed answers 410 CURSOR_EXPIRED to a cursor below it instead of skipping changes silently.
 * Safe with many instances: each pass runs under a transaction-level advisory lock.
 */
@Injectable()
export class ChangeLogRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeLogRetentionService.name);
  private readonly job: IntervalJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.job = new IntervalJob({ what: 'change-log pruning', everyMs: config.CHANGE_LOG_PRUNE_INTERVAL_MS, run: () => this.pruneOnce(), logger: this.logger });
  }

  onApplicationBootstrap(): void {
    if (this.config.CHANGE_LOG_RETENTION_DAYS > 0 && this.config.BACKGROUND_JOBS === 'on') this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass; returns how many rows it deleted. */
  async pruneOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.transaction(async (m) => {
        if (!(await tryAdvisoryXactLock(m, 'banshi-change-log-prune'))) return 0;
        // The last of the next BATCH rows that are out of retention and behind every internal reader.
        const [edge] = (await m.query(
          `WITH readers AS (
             SELECT last_txid AS txid, last_id AS id FROM search_sync_state
             UNION ALL SELECT cursor_txid, cursor_id FROM webhook_subscriptions WHERE enabled
           ), first_kept AS (
             SELECT txid, id FROM change_log WHERE changed_at >= now() - make_interval(days => $1)
             ORDER BY txid, id LIMIT 1
           ), prunable AS (
             SELECT c.txid, c.id FROM change_log c
             WHERE c.changed_at < now() - make_interval(days => $1)
               AND NOT EXISTS (SELECT 1 FROM readers r WHERE (c.txid, c.id) > (r.txid, r.id))
               AND NOT EXISTS (SELECT 1 FROM first_kept f WHERE (c.txid, c.id) >= (f.txid, f.id))
             ORDER BY c.txid, c.id LIMIT $2
           )
           SELECT txid::text, id::text FROM prunable ORDER BY txid DESC, id DESC LIMIT 1`,
          [this.config.CHANGE_LOG_RETENTION_DAYS, BATCH],
        )) as { txid: string; id: string }[];
        if (!edge) return 0;
        const result = await m.query(`DELETE FROM change_log WHERE (txid, id) <= ($1::bigint, $2::bigint)`, [edge.txid, edge.id]);
        await m.query(
          `INSERT INTO change_log_pruned (id, txid, row_id, pruned_at) VALUES (1, $1, $2, now())
           ON CONFLICT (id) DO UPDATE SET txid = EXCLUDED.txid, row_id = EXCLUDED.row_id, pruned_at = now()
           WHERE (change_log_pruned.txid, change_log_pruned.row_id) < (EXCLUDED.txid, EXCLUDED.row_id)`,
          [edge.txid, edge.id],
        );
        return (result as [unknown, number])[1] ?? 0;
      });
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) this.logger.log(`pruned ${total} change-log rows older than ${this.config.CHANGE_LOG_RETENTION_DAYS} days`);
    return total;
  }
}
