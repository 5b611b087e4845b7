import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toAuditActor } from '../auth/sessions.service';
import { ClusterEventsService } from '../cluster/cluster-events.service';
import { AppError } from '../common/app-error';
import { Department } from '../departments/department.entity';
import { ApiKey, ApiKeyScope } from './api-key.entity';
import { ApiKeyResponse, CreatedApiKeyResponse } from './api-key.dto';
import type { CreateApiKeyDto } from './api-key.dto';

export { ApiKeyResponse };

export function toApiKeyResponse(k: ApiKey): ApiKeyResponse {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    departmentCodes: k.departmentCodes,
    rateLimitPerMinute: k.rateLimitPerMinute,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    usageCount: Number(k.usageCount),
    active: isActive(k),
  };
}

const isActive = (k: ApiKey) => !k.revokedAt && (!k.expiresAt || k.expiresAt > new Date());
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
/** How long a looked-up key is trusted by this instance without a word from the others (revocations are announced at once). */
const CACHE_MS = 5_000;

/**
 * API keys of client systems: created and revoked by the security administrator (a key with read:drafts or
 * write:import acts for departments, so the account keeper may not issue one), shown once, stored hashed.
 * Lookups are cached briefly per instance; usage is counted in memory and written every few seconds.
 */
@Injectable()
export class ApiKeysService implements OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly cache = new Map<string, { key: ApiKey | null; at: number }>();
  private readonly usage = new Map<string, number>();
  private readonly flusher = setInterval(() => void this.flushUsage(), 5_000).unref();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: ClusterEventsService,
  ) {
    // A key revoked (or created) through any instance is looked up afresh everywhere within milliseconds.
    events.on('api-keys', () => this.cache.clear());
  }

  /** The active key behind a presented secret, or null (unknown, revoked or expired). Counts the use. */
  async resolve(secret: string): Promise<ApiKey | null> {
    const hash = hashOf(secret);
    const hit = this.cache.get(hash);
    let key = hit && Date.now() - hit.at < CACHE_MS ? hit.key : undefined;
    if (key === undefined) {
      key = await this.dataSource.getRepository(ApiKey).findOneBy({ keyHash: hash });
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { key, at: Date.now() });
    }
    if (!key || !isActive(key)) return null;
    this.usage.set(key.id, (this.usage.get(key.id) ?? 0) + 1);
    return key;
  }

  list(): Promise<ApiKeyResponse[]> {
    return this.dataSource
      .getRepository(ApiKey)
      .find({ order: { createdAt: 'DESC' } })
      .then((rows) => rows.map(toApiKeyResponse));
  }

  async create(dto: CreateApiKeyDto, actor: Actor): Promise<CreatedApiKeyResponse> {
    const scopes = [...new Set<ApiKeyScope>(['read:published', ...dto.scopes])];
    const departments = dto.departmentCodes ?? [];
    const needsDepartments = scopes.some((s) => s !== 'read:published');
    if (needsDepartments && departments.length === 0) throw AppError.badRequest('departmentCodes', '读取草稿或导入的密钥必须指定部门');
    if (!needsDepartments && departments.length > 0) throw AppError.badRequest('departmentCodes', '只读已发布数据的密钥不按部门授权');
    if (dto.expiresAt && new Date(dto.expiresAt) <= new Date()) throw AppError.badRequest('expiresAt', '过期时间必须在将来');
    const secret = `bsk_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (m) => {
      if (departments.length) {
        const found = await m.find(Department, { select: { code: true }, where: { code: In(departments) } });
        const missing = departments.filter((c) => !found.some((d) => d.code === c));
        if (missing.length) throw AppError.badRequest('departmentCodes', `部门不存在：${missing.join('、')}`);
      }
      const key = await m.save(ApiKey, {
        name: dto.name,
        prefix: secret.slice(0, 12),
        keyHash: hashOf(secret),
        scopes,
        departmentCodes: departments,
        rateLimitPerMinute: dto.rateLimitPerMinute ?? 600,
        expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
        createdBy: actor.accountId,
      });
      const apiKey = toApiKeyResponse(key);
      await this.audit.record(m, { actor: toAuditActor(actor), action: 'api-key.create', objectType: 'api-key', objectId: key.id, details: { after: apiKey } });
      await this.events.publish(m, 'api-keys');
      return { key: secret, apiKey };
    });
  }

  async revoke(id: string, actor: Actor): Promise<ApiKeyResponse> {
    const key = await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('API_KEY_NOT_FOUND', 'API 密钥');
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await m.save(ApiKey, row);
        await this.audit.record(m, { actor: toAuditActor(actor), action: 'api-key.revoke', objectType: 'api-key', objectId: id, details: { name: row.name } });
        await this.events.publish(m, 'api-keys');
      }
      return row;
    });
    this.cache.clear();
    return toApiKeyResponse(key);
  }

  private async flushUsage(): Promise<void> {
    if (this.usage.size === 0) return;
    const batch = [...this.usage.entries()];
    this.usage.clear();
    try {
      await this.dataSource.query(
        `UPDATE api_keys k SET usage_count = k.usage_count + u.n, last_used_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, n bigint) WHERE k.id = u.id`,
        [JSON.stringify(batch.map(([id, n]) => ({ id, n })))],
      );
    } catch (e) {
      this.logger.warn(`could not record API key usage: ${(e as Error).message}`);
      for (const [id, n] of batch) this.usage.set(id, (this.usage.get(id) ?? 0) + n);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flusher);
    await this.flushUsage();
  }
}
