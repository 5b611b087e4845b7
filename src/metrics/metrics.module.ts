import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';
import { SearchLagCollector } from './search-lag.collector';
import { ReadReplicaModule } from '../database/read-replica';

/**
 * Prometheus metrics at GET /metrics (behind METRICS_TOKEN, or on the loopback METRICS_PORT; not public by default). Global so any service can inject MetricsService to record what it does;
 * the HTTP middleware is applied here, so importing the module is the whole wiring.
 */
@Global()
@Module({
  imports: [ReadReplicaModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsServer, SearchLagCollector],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
