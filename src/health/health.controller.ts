import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SearchReadinessService } from '../search/search-readiness.service';
import { ReadReplica } from '../database/read-replica';
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
    private readonly readiness: SearchReadinessService,
    private readonly replica: ReadReplica,
  ) {}

  /** The process is up. */
  @Get('live')
  live(): LiveResponse {
    return { status: 'ok' };
  }

  /**
   * Postgres answers, and at least one Meilisearch node answers from a complete index (no bulk load still waiting to
   * be indexed, the backlog not stuck). 503 otherwise; meanwhile search answers from Postgres (`degraded`).
   * `meiliNodes` reports each node (several with a comma-separated MEILI_URL): lag, rotation, relay leader.
   */
  @Get('ready')
  @ApiServiceUnavailableResponse({ description: '未就绪：响应体与 200 相同，status 为 unavailable / not ready (same body as 200)' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadyResponse> {
    const postgres = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const nodes = await this.readiness.check();
    // The node search would prefer: complete and least behind (the first node when none is complete).
    const best = [...nodes].filter((n) => n.complete).sort((a, b) => (a.lagRows ?? Infinity) - (b.lagRows ?? Infinity))[0] ?? nodes[0];
    const backlog = best.lagRows === null ? null : { rows: best.lagRows, oldestSeconds: best.lagSeconds ?? 0 };
    const ok = postgres && best.up && best.complete && !!backlog && backlog.oldestSeconds < MAX_BACKLOG_AGE_SECONDS;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'unavailable',
      postgres,
      meilisearch: nodes.some((n) => n.up),
      searchIndexComplete: best.complete,
      searchBacklog: backlog,
      lastSyncError: nodes.map((n) => n.lastSyncError).find((e) => e !== null) ?? null,
      meiliNodes: nodes,
      // Reported, not a readiness condition: a lagging replica serves older public pages, and an unreachable one is
      // replaced by the primary (src/database/read-replica.ts).
      readReplica: this.replica.configured ? { lag: await this.replica.lag() } : null,
    };
  }
}
