import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * banshi_record_child_change asks "is the parent already logged in this transaction?" for every child row
 * written. With only the (txid, id) index that scans all of the transaction's log rows, which made a
 * 10,000-matter import quadratic (100 s); this index makes each check a lookup.
 */
export class ChangeLogLookup1764300000003 implements MigrationInterface {
  name = 'ChangeLogLookup1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_3e7c86bf5b5fc5c52cd1b8330c" ON "change_log" ("txid", "entity_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_3e7c86bf5b5fc5c52cd1b8330c"`);
  }
}
