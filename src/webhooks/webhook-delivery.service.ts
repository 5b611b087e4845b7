import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { IntervalJob } from '../common/interval-job';
import { decodeCursor } from '../change-log/change-cursor';
import { ChangeLogService } from '../change-log/change-log.service';
import { MetricsService } from '../metrics/metrics.service';
import { deliveryHeaders, WebhooksService } from './webhooks.service';
import { sendWebhook } from './webhook-sender';
import { backoffMs } from './webhook-signature';
import { targetProblem } from './webhook-target';

/** Changes per delivery (the same page size a client may ask of GET /api/v1/changes). */
const BATCH = 100;
/** Batches one subscription may send in a row before the others get their turn. */
const BURST = 50;

interface Due {
  id: string;
  url: string;
  secret_sealed: string;
  cursor_txid: string;
  cursor_id: string;
  attempts: number;
}

/**
 * Delivers the published change feed to every enabled subscription, in feed order, signed.
 * - Each subscription is locked (FOR UPDATE SKIP LOCKED) while it is delivered, so with several app instances a
 *   subscription is sent by one of them at a time and never out of order; different subscriptions go in parallel.
 * - The cursor moves only after a 2xx. A failing batch is retried with exponential back-off (1 s doubling up to
 *   WEBHOOK_RETRY_MAX_MS); after WEBHOOK_MAX_ATTEMPTS it is parked as a dead letter (replayable) and the feed goes on.
 * - A subscription whose key was revoked or expired waits; one whose cursor fell out of the change log's retention is
 *   disabled with the reason (export again, then set a new subscription from the export's cursor).
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly job: IntervalJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLogService,
    private readonly webhooks: WebhooksService,
    private readonly metrics: MetricsService,
  ) {
    // No advisory lock: each subscription is row-locked while it is delivered, so instances share the work.
    this.job = new IntervalJob({ what: 'webhook delivery', everyMs: webhooks.config.WEBHOOK_TICK_MS, run: () => this.deliverDue(), logger: this.logger });
  }

  onApplicationBootstrap(): void {
    if (this.webhooks.config.BACKGROUND_JOBS === 'on') this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass over the subscriptions that are due; returns the number of changes delivered. */
  async deliverDue(): Promise<number> {
    const seen: string[] = [];
    let delivered = 0;
    for (;;) {
      const outcome = await this.dataSource.transaction(async (m) => {
        const [due]: Due[] = await m.query(
          `SELECT s.id, s.url, s.secret_sealed, s.cursor_txid::text, s.cursor_id::text, s.attempts
           FROM webhook_subscriptions s JOIN api_keys k ON k.id = s.api_key_id
           WHERE s.enabled AND s.next_attempt_at <= now() AND NOT (s.id = ANY($1::uuid[]))
             AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
           ORDER BY s.next_attempt_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
          [seen],
        );
        if (!due) return null;
        seen.push(due.id);
        let sent = 0;
        for (let burst = 0; burst < BURST; burst++) {
          const step = await this.deliverBatch(m, due);
          sent += step.sent;
          if (!step.more) break;
        }
        return sent;
      });
      if (outcome === null) return delivered;
      delivered += outcome;
    }
  }

  /** Sends the next batch of one subscription and records the outcome in the same (locking) transaction. */
  private async deliverBatch(m: { query: DataSource['query'] }, due: Due): Promise<{ sent: number; more: boolean }> {
    const config = this.webhooks.config;
    let page;
    try {
      page = await this.changes.publicPage({ txid: due.cursor_txid, id: due.cursor_id }, BATCH);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'CURSOR_EXPIRED') throw e;
      await m.query(`UPDATE webhook_subscriptions SET enabled = false, last_error = $2 WHERE id = $1`, [due.id, e.message.slice(0, 500)]);
      this.logger.warn(`webhook ${due.id} disabled: its cursor is older than the change log's retention`);
      return { sent: 0, more: false };
    }
    if (page.changes.length === 0) return { sent: 0, more: false };
    const payload = { subscriptionId: due.id, ...page };
    const problem = targetProblem(due.url, this.webhooks.policy);
    const result = problem
      ? { ok: false, detail: problem }
      : await sendWebhook(
          due.url,
          this.webhooks.secrets.open(due.secret_sealed),
          JSON.stringify(payload),
          deliveryHeaders(due.id, payload),
          this.webhooks.policy,
          config.WEBHOOK_TIMEOUT_MS,
        );
    const { txid, id } = decodeCursor(page.next);
    this.metrics.countWebhookDelivery(result.ok ? 'delivered' : 'failed');
    if (result.ok) {
      await m.query(
        `UPDATE webhook_subscriptions SET cursor_txid = $2, cursor_id = $3, attempts = 0, next_attempt_at = now(), last_error = NULL,
           last_delivered_at = now(), delivered_count = delivered_count + $4 WHERE id = $1`,
        [due.id, txid, id, page.changes.length],
      );
      due.cursor_txid = txid;
      due.cursor_id = id;
      due.attempts = 0;
      return { sent: page.changes.length, more: page.hasMore };
    }
    const attempts = due.attempts + 1;
    if (attempts >= config.WEBHOOK_MAX_ATTEMPTS) {
      // Park the batch (replayable) and go on, so one bad batch cannot hold the feed back for ever.
      await m.query(`INSERT INTO webhook_dead_letters (subscription_id, payload, change_count, attempts, last_error) VALUES ($1, $2, $3, $4, $5)`, [
        due.id,
        JSON.stringify(payload),
        page.changes.length,
        attempts,
        result.detail.slice(0, 500),
      ]);
      await m.query(`UPDATE webhook_subscriptions SET cursor_txid = $2, cursor_id = $3, attempts = 0, next_attempt_at = now(), last_error = $4 WHERE id = $1`, [
        due.id,
        txid,
        id,
        result.detail.slice(0, 500),
      ]);
      this.logger.warn(`webhook ${due.id}: a batch of ${page.changes.length} changes failed ${attempts} times (${result.detail}); parked as a dead letter`);
      return { sent: 0, more: false };
    }
    const wait = backoffMs(attempts - 1, config.WEBHOOK_RETRY_MAX_MS);
    await m.query(`UPDATE webhook_subscriptions SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3), last_error = $4 WHERE id = $1`, [
      due.id,
      attempts,
      wait / 1000,
      result.detail.slice(0, 500),
    ]);
    return { sent: 0, more: false };
  }
}
