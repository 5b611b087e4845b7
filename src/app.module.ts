import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BundlesModule } from './bundles/bundles.module';
import { ChangeLogModule } from './change-log/change-log.module';
import { CodeListsModule } from './code-lists/code-lists.module';
import { AppErrorFilter } from './common/error.filter';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { DepartmentsModule } from './departments/departments.module';
import { ExchangeModule } from './exchange/exchange.module';
import { GuideEntriesModule } from './guide-entries/guide-entries.module';
import { HealthModule } from './health/health.module';
import { IntegrationModule } from './integration/integration.module';
import { MetricsModule } from './metrics/metrics.module';
import { SearchModule } from './search/search.module';
import { SeedingModule } from './seeding/seeding.module';
import { ServiceLocationsModule } from './service-locations/service-locations.module';
import { ServiceMattersModule } from './service-matters/service-matters.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkflowModule } from './workflow/workflow.module';
import { WebModule } from './web/web.module';
import { ConsoleModule } from './web/console/console.module';
import { FeedbackModule } from './feedback/feedback.module';
import { PortalModule } from './web/portal/portal.module';

export interface AppContext {
  config: AppConfig;
  databaseUrl: string;
  meiliUrl: string;
  meiliApiKey?: string;
}

/** The validated configuration; global because nearly every provider reads it. */
@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

/** The application, assembled from its configuration and the servers it runs against (main.ts, tests, CLI). */
@Module({})
export class AppModule {
  static forRoot(ctx: AppContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(ctx.config),
        // Migrations ran before the application was built (src/database/migrate.ts, under a lock).
        TypeOrmModule.forRoot(dataSourceOptions(ctx.databaseUrl)),
        AuditModule,
        AuthModule,
        DepartmentsModule,
        ServiceLocationsModule,
        ServiceMattersModule,
        GuideEntriesModule,
        BundlesModule,
        CodeListsModule,
        ChangeLogModule,
        ExchangeModule,
        WorkflowModule,
        ConsoleModule,
        IntegrationModule,
        SeedingModule,
        HealthModule,
        MetricsModule,
        WebhooksModule,
        WebModule,
        FeedbackModule,
        PortalModule,
        SearchModule.forRoot({
          meiliUrl: ctx.meiliUrl,
          meiliApiKey: ctx.meiliApiKey,
          meiliSearchKey: ctx.config.MEILI_SEARCH_KEY,
          indexPrefix: ctx.config.MEILI_INDEX_PREFIX,
          sync: ctx.config.SEARCH_SYNC === 'on',
          cache: ctx.config.SEARCH_CACHE === 'on',
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: AppErrorFilter }],
    };
  }
}
