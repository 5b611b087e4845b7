import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const CHUNK = 500;

/**
 * Set-based writes for imports: one statement per chunk, rows passed as one jsonb parameter and expanded with
 * jsonb_populate_recordset, so thousands of records import in a few statements instead of one per row.
 * Rows use entity property names; column names come from the entity metadata.
 */
function columnsOf(manager: EntityManager, target: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]) {
  const meta = manager.connection.getMetadata(target);
  const present = new Set(rows.flatMap((r) => Object.keys(r)));
  const columns = meta.columns.filter((c) => present.has(c.propertyName));
  const toDb = (row: ObjectLiteral) => Object.fromEntries(columns.map((c) => [c.databaseName, row[c.propertyName] ?? null]));
  return { table: meta.tableName, columns, toDb };
}

/** INSERT … ON CONFLICT (code) DO UPDATE; the database bumps version and updated_at (migrations, record-versions). */
export async function upsertByCode(manager: EntityManager, target: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): Promise<void> {
  if (rows.length === 0) return;
  const { table, columns, toDb } = columnsOf(manager, target, rows);
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const updates = columns
    .filter((c) => c.databaseName !== 'id' && c.databaseName !== 'code')
    .map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`)
    .join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map(toDb);
    await manager.query(
      `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)
       ON CONFLICT ("code") DO UPDATE SET ${updates}`,
      [JSON.stringify(chunk)],
    );
  }
}

/** Plain multi-row INSERT (child rows). */
export async function insertRows(manager: EntityManager, target: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): Promise<void> {
  if (rows.length === 0) return;
  const { table, columns, toDb } = columnsOf(manager, target, rows);
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK * 4) {
    const chunk = rows.slice(i, i + CHUNK * 4).map(toDb);
    await manager.query(`INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, [
      JSON.stringify(chunk),
    ]);
  }
}
