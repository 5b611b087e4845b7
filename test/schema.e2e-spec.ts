import 'reflect-metadata';
import { createDataSource } from '../src/database/data-source';

/** The migrations and the entities describe the same schema: generating a migration now would yield nothing. */
describe('schema', () => {
  it('has no difference between the migrated database and the entities', async () => {
    const url = new URL(process.env.BANSHI_TEST_DATABASE_URL!);
    url.pathname = '/banshi_test_template';
    const ds = createDataSource(url.toString());
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false); // nothing pending
    } finally {
      await ds.destroy();
    }
  });
});
