import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SearchIndexService } from '../search/search-index.service';
import { SearchSyncService } from '../search/search-sync.service';
import { Access } from '../auth/access.decorator';

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
  ) {}

  /** The process is up. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Postgres answers, Meilisearch answers, and the search backlog is not stuck. 503 otherwise. */
  @Get('ready')
  @ApiServiceUnavailableResponse({ description: '未就绪：响应体与 200 相同，status 为 unavailable / not ready (same body as 200)' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const postgres = await this.dataSource.query('SELECT 1').then(() => true, () => false);
    const meilisearch = await this.index.healthy();
    const backlog = postgres ? await this.sync.backlog() : null;
    const ok = postgres && meilisearch && !!backlog && backlog.oldestSeconds < MAX_BACKLOG_AGE_SECONDS;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', postgres, meilisearch, searchBacklog: backlog, lastSyncError: this.sync.lastError };
  }
}
