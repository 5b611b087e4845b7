import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../auth/access.decorator';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { metricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint (no /api/v1 prefix, like /health); an operations endpoint, so not in the API docs.
 * Not public: on the main port it answers only with METRICS_TOKEN as a bearer token, and without METRICS_TOKEN it
 * does not exist there (404 like any unknown path). METRICS_PORT serves it on a loopback listener (metrics.server.ts).
 */
@ApiExcludeController()
@Access('public')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() req: Request, @Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config.METRICS_TOKEN, authorization);
    if (access === 'absent') throw new AppError(404, 'ROUTE_NOT_FOUND', `接口不存在：${req.method} ${req.path}`);
    if (access === 'unauthorised') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError(401, 'METRICS_UNAUTHORIZED', '读取指标需要 METRICS_TOKEN（Authorization: Bearer <令牌>）');
    }
    await this.metrics.writeTo(res);
  }
}
