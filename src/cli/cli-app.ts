import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { migrate } from '../database/migrate';
import { acquireServers } from '../runtime/servers';

/**
 * Runs a command-line task with the same configuration as the service (DATA_DIR, DATABASE_URL, MEILI_URL …).
 * Uses the embedded servers of a running service on that data directory, or starts them for the task and
 * stops them after. The search relay does not run here: a running service indexes what the task wrote.
 */
export async function runCli(task: (app: INestApplicationContext, config: AppConfig) => Promise<number | void>): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(2);
  }
  config.SEARCH_SYNC = 'off';
  config.BACKGROUND_JOBS = 'off';
  const servers = await acquireServers(config);
  let code = 0;
  let app: INestApplicationContext | undefined;
  try {
    await migrate(servers.databaseUrl);
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, databaseUrl: servers.databaseUrl, meiliUrl: servers.meiliUrl, meiliApiKey: servers.meiliApiKey }),
      { logger: ['error', 'warn'] },
    );
    code = (await task(app, config)) ?? 0;
  } catch (e) {
    console.error((e as Error).message);
    code = 1;
  } finally {
    await app?.close().catch(() => undefined);
    await servers.stop();
  }
  process.exit(code);
}

/** A one-line progress bar on a terminal, plain lines otherwise. */
export function progressPrinter(): (stage: string, done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  return (stage, done, total) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const line = `${stage.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (tty) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}
