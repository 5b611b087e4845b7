import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback receipts (issue 11): every rating or report gets a 回执码 with which the citizen follows it at
 * /feedback/{receipt} (status and the department's answer). Rows given before this migration get one too (random,
 * same alphabet as FeedbackService: no 0/O, 1/I/L), so the column can be NOT NULL and unique.
 */
export class FeedbackReceipt1765100000101 implements MigrationInterface {
  name = 'FeedbackReceipt1765100000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feedback" ADD "receipt" character varying(16)`);
    // The subquery mentions the row's id so that Postgres evaluates it per row (an uncorrelated one runs once).
    await q.query(
      `UPDATE "feedback" SET "receipt" = (SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + floor(random() * 31)::int, 1), '') FROM generate_series(1, 12 + 0 * length("id"::text)))`,
    );
    await q.query(`ALTER TABLE "feedback" ALTER COLUMN "receipt" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "IDX_ac14092aa27a6c763bd7a2f131" ON "feedback"  ("receipt") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_ac14092aa27a6c763bd7a2f131"`);
    await q.query(`ALTER TABLE "feedback" DROP COLUMN "receipt"`);
  }
}
