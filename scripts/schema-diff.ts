/**
 * Prints the SQL TypeORM would run to make the database match the entities (what `migration:generate` would
 * write). Used to write migrations; test/schema.e2e-spec.ts makes the same check against the migrated test database.
 *   npx ts-node scripts/schema-diff.ts            (uses DATABASE_URL, or the embedded servers under DATA_DIR)
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config/app-config';
import { acquireServers } from '../src/runtime/servers';
import { createDataSource } from '../src/database/data-source';

async function main() {
  const servers = await acquireServers(loadConfig());
  const ds = createDataSource(servers.databaseUrl);
  await ds.initialize();
  try {
    if (process.argv.includes('--migrate')) await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    for (const q of sql.upQueries) console.log(`${q.query};`);
  } finally {
    await ds.destroy();
    await servers.stop();
  }
}
void main();
