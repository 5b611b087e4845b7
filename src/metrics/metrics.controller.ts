import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';
import { Access } from '../auth/access.decorator';

/** Prometheus scrape endpoint (no /api/v1 prefix, like /health); an operations endpoint, so not in the API docs. */
@ApiExcludeController()
@Access('public')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const body = await this.metrics.scrape();
    // Written directly: res.send would reorder the content type's parameters and add an ETag, useless here.
    res.status(200);
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }
}
