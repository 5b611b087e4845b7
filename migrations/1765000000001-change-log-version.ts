import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change log records the version a change made (the record's `version` after it; null for a delete and for
 * rows logged before this migration), so the change feed, the public API and the staff history share one
 * numbering: history's revision numbers are those versions.
 */
export class ChangeLogVersion1765000000001 implements MigrationInterface {
  name = 'ChangeLogVersion1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "change_log" ADD "version" integer`);
    await q.query(recordChange(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(recordChange(false));
    await q.query(`ALTER TABLE "change_log" DROP COLUMN "version"`);
  }
}

function recordChange(withVersion: boolean): string {
  return `
CREATE OR REPLACE FUNCTION banshi_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rec record;
  op text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    rec := OLD; op := 'delete';
  ELSE
    rec := NEW;
    IF TG_OP = 'INSERT' THEN op := 'create';
    ELSIF NEW.status = 'published' AND OLD.status IS DISTINCT FROM 'published' THEN op := 'publish';
    ELSIF OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published' THEN op := 'unpublish';
    ELSE op := 'update';
    END IF;
  END IF;
  INSERT INTO change_log (txid, entity_type, entity_id, entity_code, op, status${withVersion ? ', version' : ''})
  VALUES (pg_current_xact_id()::text::bigint, TG_ARGV[0], rec.id, rec.code, op,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE rec.status END${
            withVersion
              ? `,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE rec.version END`
              : ''
          });
  PERFORM pg_notify('banshi_changes', TG_ARGV[0]);
  RETURN NULL;
END $$;`;
}
