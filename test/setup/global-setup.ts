import 'reflect-metadata';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { acquireServers, Servers } from '../../src/runtime/servers';

export const TEMPLATE_DB = 'banshi_test_template';

/**
 * Starts embedded Postgres and Meilisearch once per run under .test-data (or uses DATABASE_URL / MEILI_URL),
 * migrates a template database once, and hands the URLs to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: process.env.TEST_DATA_DIR ?? './.test-data' });
  const servers = await acquireServers(config);
  (globalThis as { __banshiServers?: Servers }).__banshiServers = servers;

  const admin = new Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [TEMPLATE_DB]);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const ds = createDataSource(url.toString());
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();

  process.env.BANSHI_TEST_DATABASE_URL = servers.databaseUrl;
  process.env.BANSHI_TEST_MEILI_URL = servers.meiliUrl;
  process.env.BANSHI_TEST_MEILI_KEY = servers.meiliApiKey ?? '';
}
