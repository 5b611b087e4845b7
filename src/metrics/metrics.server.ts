import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { METRICS_PATH, MetricsService } from './metrics.service';

/**
 * With METRICS_PORT, GET /metrics is also served on 127.0.0.1:METRICS_PORT — a listener of its own that only a
 * local Prometheus or agent reaches, needing no token. Anything else on that port is 404. Started by main.ts after
 * the API listens (never by the CLI tasks, which build the same application), closed when the application closes.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Starts the loopback listener if METRICS_PORT is set; returns its URL (null = not configured). */
  async listen(): Promise<string | null> {
    const port = this.config.METRICS_PORT;
    if (!port) return null;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== METRICS_PATH) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      this.metrics.writeTo(res).catch((e: Error) => {
        this.logger.warn(`metrics scrape failed: ${e.message}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return `http://127.0.0.1:${port}${METRICS_PATH}`;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
