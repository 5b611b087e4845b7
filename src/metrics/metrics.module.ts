import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { SearchLagCollector } from './search-lag.collector';

/**
 * Prometheus metrics at GET /metrics. Global so any service can inject MetricsService to record what it does;
 * the HTTP middleware is applied here, so importing the module is the whole wiring.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, SearchLagCollector],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
