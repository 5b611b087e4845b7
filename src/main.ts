import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger } from './common/logging';
import { ConfigError, loadConfig } from './config/app-config';
import { acquireServers } from './runtime/servers';

/**
 * The application's modules, loaded while the embedded servers boot (see acquireServers' `whileStarting`):
 * loading them takes seconds, and so does starting PostgreSQL and Meilisearch.
 */
function loadApplication() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require('./app.module') as typeof import('./app.module');
  const { configureApp } = require('./app.setup') as typeof import('./app.setup');
  const { migrate } = require('./database/migrate') as typeof import('./database/migrate');
  const { MetricsService } = require('./metrics/metrics.service') as typeof import('./metrics/metrics.service');
  const { MetricsServer } = require('./metrics/metrics.server') as typeof import('./metrics/metrics.server');
  const { SeedingService } = require('./seeding/seeding.service') as typeof import('./seeding/seeding.service');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { NestFactory, AppModule, configureApp, migrate, MetricsService, MetricsServer, SeedingService };
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // LOG_FORMAT / LOG_LEVEL from here on, for Nest and for every Logger, also before the application exists.
  const appLogger = new AppLogger(config.LOG_FORMAT, config.LOG_LEVEL);
  Logger.overrideLogger(appLogger);
  const logger = new Logger('Banshi');
  let application: ReturnType<typeof loadApplication> | undefined;
  const servers = await acquireServers(config, (line) => logger.log(line), {
    supervise: true,
    whileStarting: () => (application = loadApplication()),
  });
  const { NestFactory, AppModule, configureApp, migrate, MetricsService, MetricsServer, SeedingService } = application!;
  let app: NestExpressApplication | undefined;
  let stopping = false;
  let metricsUrl: string | null = null;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping …`);
    await app?.close().catch((e) => logger.error(e));
    await servers.stop();
    logger.log('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const ran = await migrate(servers.databaseUrl);
    if (ran.length) logger.log(`migrations: ${ran.join(', ')}`);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ config, databaseUrl: servers.databaseUrl, meiliUrl: servers.meiliUrl, meiliApiKey: servers.meiliApiKey }),
      { logger: appLogger },
    );
    configureApp(app, config);
    const metrics = app.get(MetricsService);
    for (const name of servers.owned) metrics.countServerRestarts(name, 0);
    servers.onRestart((name) => metrics.countServerRestarts(name, 1));
    await app.init();
    await app.get(SeedingService).run();
    await app.listen(config.PORT, config.HOST);
    metricsUrl = await app.get(MetricsServer).listen();
  } catch (e) {
    logger.error(`start failed: ${(e as Error).message}`, (e as Error).stack);
    await app?.close().catch(() => undefined);
    await servers.stop();
    process.exit(1);
  }
  const base = `http://${config.HOST}:${config.PORT}`;
  for (const line of [
    `Banshi 办事 is serving at ${base}`,
    `  API:    ${base}/api/v1   (e.g. ${base}/api/v1/search?q=办身份证, ${base}/api/v1/stats)`,
    `  Docs:   ${base}/api/docs`,
    `  Metrics: ${metricsUrl ?? (config.METRICS_TOKEN ? `${base}/metrics (bearer METRICS_TOKEN)` : 'off (set METRICS_TOKEN or METRICS_PORT)')}`,
    `  Data:   ${config.DATABASE_URL && config.MEILI_URL ? 'external servers' : config.dataDir}`,
    ...servers.describe.map((d) => `  ${d}`),
    '  Ctrl-C stops Banshi and the servers it started.',
  ]) {
    logger.log(line);
  }
}

bootstrap().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
