import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AUDIT_KEY } from '../audit/audit-key';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { SecretBox } from '../auth/secret-box';
import { toAuditActor } from '../auth/sessions.service';
import { decodeCursor, encodeCursor } from '../change-log/change-cursor';
import { ChangeLogService } from '../change-log/change-log.service';
import { AppError } from '../common/app-error';
import { pageOf } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { ApiKey } from '../integration/api-key.entity';
import type {
  CreateWebhookDto,
  CreatedWebhookDto,
  ListWebhooksQueryDto,
  ReplayResultDto,
  WebhookDeadLetterDto,
  WebhookDeadLetterPageDto,
  WebhookDto,
  WebhookPageDto,
} from './webhook.dto';
import { WebhookDeadLetter, WebhookSubscription } from './webhook.entity';
import { sendWebhook } from './webhook-sender';
import { parseAllowedHosts, TargetPolicy, targetProblem } from './webhook-target';

/**
 * Push subscriptions to the published change feed, kept by the security administrator (三员分立: the one who issues
 * API keys). Deliveries themselves are made by WebhookDeliveryService.
 */
@Injectable()
export class WebhooksService {
  readonly policy: TargetPolicy;
  readonly secrets: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLogService,
    private readonly audit: AuditService,
    readonly config: AppConfig,
    @Inject(AUDIT_KEY) auditKey: string,
  ) {
    this.policy = { allowedHosts: parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS), allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK === 'on' };
    this.secrets = new SecretBox(auditKey, 'webhook');
  }

  async create(dto: CreateWebhookDto, actor: Actor): Promise<CreatedWebhookDto> {
    const problem = targetProblem(dto.url, this.policy);
    if (problem) throw AppError.badRequest('url', problem, 'WEBHOOK_TARGET_REFUSED');
    const start = dto.since ? decodeCursor(dto.since) : await this.changes.horizon();
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = await this.dataSource.transaction(async (m) => {
      const key = await m.findOneBy(ApiKey, { id: dto.apiKeyId });
      if (!key) throw AppError.badRequest('apiKeyId', 'API 密钥不存在', 'API_KEY_NOT_FOUND');
      if (key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) throw AppError.badRequest('apiKeyId', 'API 密钥已吊销或已过期');
      if (!key.scopes.includes('read:published')) throw AppError.badRequest('apiKeyId', 'API 密钥没有 read:published 权限');
      const row = await m.save(WebhookSubscription, {
        apiKeyId: key.id,
        url: dto.url,
        secretSealed: this.secrets.seal(secret),
        cursorTxid: start.txid,
        cursorId: start.id,
        createdBy: actor.accountId,
      });
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'webhook.create',
        objectType: 'webhook',
        objectId: row.id,
        details: { after: { apiKeyId: key.id, apiKeyName: key.name, url: dto.url, cursor: encodeCursor(start) } },
      });
      return row.id;
    });
    return { secret, webhook: await this.get(id) };
  }

  async list(q: ListWebhooksQueryDto): Promise<WebhookPageDto> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM webhook_subscriptions`);
    const rows = await this.views(`ORDER BY s.created_at DESC LIMIT $1 OFFSET $2`, [q.limit, (q.page - 1) * q.limit]);
    return pageOf(rows, total, q);
  }

  async get(id: string): Promise<WebhookDto> {
    const [row] = await this.views(`WHERE s.id = $1`, [id]);
    if (!row) throw AppError.notFound('WEBHOOK_NOT_FOUND', '推送订阅');
    return row;
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<WebhookDto> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(WebhookSubscription, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('WEBHOOK_NOT_FOUND', '推送订阅');
      if (row.enabled === enabled) return;
      await m.update(WebhookSubscription, id, { enabled, attempts: 0, nextAttemptAt: new Date(), ...(enabled ? { lastError: null } : {}) });
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: enabled ? 'webhook.enable' : 'webhook.disable',
        objectType: 'webhook',
        objectId: id,
        details: { url: row.url },
      });
    });
    return this.get(id);
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(WebhookSubscription, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('WEBHOOK_NOT_FOUND', '推送订阅');
      await m.delete(WebhookSubscription, id);
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'webhook.delete', objectType: 'webhook', objectId: id, details: { url: row.url } });
    });
  }

  async deadLetters(id: string, q: ListWebhooksQueryDto): Promise<WebhookDeadLetterPageDto> {
    await this.get(id);
    const [rows, total] = await this.dataSource.getRepository(WebhookDeadLetter).findAndCount({
      where: { subscriptionId: id },
      order: { id: 'DESC' },
      take: q.limit,
      skip: (q.page - 1) * q.limit,
    });
    return pageOf(rows.map(toDeadLetterDto), total, q);
  }

  /** Sends a dead letter again, now; marks it replayed when the receiver accepted it. */
  async replay(id: string, letterId: string, actor: Actor): Promise<ReplayResultDto> {
    const sub = await this.dataSource.getRepository(WebhookSubscription).findOneBy({ id });
    const letter = sub && (await this.dataSource.getRepository(WebhookDeadLetter).findOneBy({ id: letterId, subscriptionId: id }));
    if (!sub || !letter) throw AppError.notFound('WEBHOOK_DEAD_LETTER_NOT_FOUND', '推送死信');
    const problem = targetProblem(sub.url, this.policy);
    if (problem) throw AppError.badRequest('url', problem, 'WEBHOOK_TARGET_REFUSED');
    const body = JSON.stringify(letter.payload);
    const result = await sendWebhook(
      sub.url,
      this.secrets.open(sub.secretSealed),
      body,
      deliveryHeaders(sub.id, letter.payload),
      this.policy,
      this.config.WEBHOOK_TIMEOUT_MS,
    );
    await this.dataSource.transaction(async (m) => {
      if (result.ok) await m.update(WebhookDeadLetter, letter.id, { replayedAt: new Date() });
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'webhook.replay',
        objectType: 'webhook',
        objectId: id,
        details: { deadLetter: letter.id, delivered: result.ok, detail: result.detail },
      });
    });
    return { delivered: result.ok, detail: result.detail };
  }

  private async views(tail: string, params: unknown[]): Promise<WebhookDto[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.*, k.name AS api_key_name,
         (SELECT count(*)::int FROM change_log c WHERE (c.txid, c.id) > (s.cursor_txid, s.cursor_id)
            AND (c.status = 'published' OR c.op IN ('unpublish', 'delete'))) AS backlog,
         (SELECT count(*)::int FROM webhook_dead_letters d WHERE d.subscription_id = s.id AND d.replayed_at IS NULL) AS dead_letters
       FROM webhook_subscriptions s JOIN api_keys k ON k.id = s.api_key_id ${tail}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      apiKeyId: r.api_key_id as string,
      apiKeyName: r.api_key_name as string,
      url: r.url as string,
      enabled: r.enabled as boolean,
      cursor: encodeCursor({ txid: String(r.cursor_txid), id: String(r.cursor_id) }),
      attempts: r.attempts as number,
      nextAttemptAt: (r.next_attempt_at as Date).toISOString(),
      lastError: (r.last_error as string | null) ?? null,
      lastDeliveredAt: r.last_delivered_at ? (r.last_delivered_at as Date).toISOString() : null,
      deliveredCount: Number(r.delivered_count),
      backlog: r.backlog as number,
      deadLetters: r.dead_letters as number,
      createdAt: (r.created_at as Date).toISOString(),
    }));
  }
}

/** Headers that identify a delivery: the same batch always has the same X-Banshi-Delivery, so receivers can drop repeats. */
export function deliveryHeaders(subscriptionId: string, payload: unknown): Record<string, string> {
  return { 'X-Banshi-Webhook-Id': subscriptionId, 'X-Banshi-Delivery': String((payload as { next?: string }).next ?? '') };
}

function toDeadLetterDto(d: WebhookDeadLetter): WebhookDeadLetterDto {
  return {
    id: d.id,
    changeCount: d.changeCount,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    replayedAt: d.replayedAt?.toISOString() ?? null,
    payload: d.payload as Record<string, unknown>,
  };
}
