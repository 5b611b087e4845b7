import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `version` and `updated_at` of catalogue records are kept by the database, so that every writer — API, import,
 * seed or raw SQL — bumps them the same way (optimistic locking, `modifiedAfter`, search drift checks rely on them).
 * A change to an owned row (material, fee, step, FAQ, place; bundle member) touches its parent once per
 * transaction, which bumps the parent's version and records one 'update' in the change log.
 */
export class RecordVersions1764300000001 implements MigrationInterface {
  name = 'RecordVersions1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE FUNCTION banshi_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION banshi_record_child_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_id uuid;
  parent_table text := CASE TG_ARGV[0] WHEN 'matter' THEN 'service_matters' WHEN 'bundle' THEN 'bundles' END;
BEGIN
  IF TG_OP = 'DELETE' THEN
    parent_id := (to_jsonb(OLD) ->> TG_ARGV[1])::uuid;
  ELSE
    parent_id := (to_jsonb(NEW) ->> TG_ARGV[1])::uuid;
  END IF;
  IF EXISTS (SELECT 1 FROM change_log
             WHERE txid = pg_current_xact_id()::text::bigint AND entity_type = TG_ARGV[0] AND entity_id = parent_id) THEN
    RETURN NULL;
  END IF;
  -- Touching the parent bumps its version (banshi_bump_version) and logs its 'update' (banshi_record_change);
  -- a parent that is gone (cascaded delete) matches no row.
  EXECUTE format('UPDATE %I SET updated_at = now() WHERE id = $1', parent_table) USING parent_id;
  RETURN NULL;
END $$;
`);
    for (const table of ['departments', 'service_locations', 'service_matters', 'guide_entries', 'bundles']) {
      await q.query(`CREATE TRIGGER ${table}_version BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION banshi_bump_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['departments', 'service_locations', 'service_matters', 'guide_entries', 'bundles']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_version ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS banshi_bump_version()`);
    // banshi_record_child_change keeps its newer body: the older one only differed in logging the parent itself.
  }
}
