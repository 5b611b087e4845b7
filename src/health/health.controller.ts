import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SearchIndexService } from '../search/search-index.service';
import { SearchSyncService } from '../search/search-sync.service';
import { SearchReadinessService } from '../search/search-readiness.service';
import { Access } from '../auth/access.decorator';
import { LiveResponse, ReadyResponse } from './health.dto';

/** Outbox rows older than this make the instance "not ready" (the index is falling behind). */
const MAX_BACKLOG_AGE_SECONDS = 300;

@ApiTags('health 健康检查')
@Access('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndexService,
    private readonly sync: SearchSyncService,
    private readonly readiness: SearchReadinessService,
  ) {}

  /** The process is up. */
  @Get('live')
  live(): LiveResponse {
    return { status: 'ok' };
  }

  /**
   * Postgres answers, Meilisearch answers, and search answers from a complete index (no bulk load still waiting to
   * be indexed, the backlog not stuck). 503 otherwise; meanwhile search answers from Postgres (`degraded`).
   */
  @Get('ready')
  @ApiServiceUnavailableResponse({ description: '未就绪：响应体与 200 相同，status 为 unavailable / not ready (same body as 200)' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadyResponse> {
    const postgres = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const meilisearch = await this.index.healthy();
    const state = postgres ? await this.readiness.check().catch(() => null) : null;
    const backlog = state?.backlog ?? null;
    const ok = postgres && meilisearch && !!state?.complete && !!backlog && backlog.oldestSeconds < MAX_BACKLOG_AGE_SECONDS;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'unavailable',
      postgres,
      meilisearch,
      searchIndexComplete: !!state?.complete,
      searchBacklog: backlog,
      lastSyncError: this.sync.lastError,
    };
  }
}
