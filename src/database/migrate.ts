import { createDataSource } from './data-source';

/**
 * Runs pending migrations under a Postgres advisory lock, so that several instances (or a CLI task) starting at
 * the same moment do not race on the same migration: the first runs them, the others wait and find nothing to do.
 * Returns the names of the migrations this call ran.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  // The lock belongs to one session, so it is taken and released on one dedicated connection.
  const holder = ds.createQueryRunner();
  try {
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('banshi-migrations'))`);
    try {
      return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtext('banshi-migrations'))`);
    }
  } finally {
    await holder.release();
    await ds.destroy();
  }
}
