import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP seeds are now sealed (AES-256-GCM, src/auth/secret-box.ts), which needs a longer column. Seeds stored in the
 * clear by the first release cannot be sealed here (the key is not in the database): those accounts' second factor
 * is reset and their staff enrol again.
 */
export class SealedTotp1764300000005 implements MigrationInterface {
  name = 'SealedTotp1764300000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_accounts" ALTER COLUMN "totp_secret" TYPE character varying(200)`);
    await q.query(`UPDATE "staff_accounts" SET "totp_secret" = NULL, "totp_enabled" = false WHERE "totp_secret" IS NOT NULL AND "totp_secret" NOT LIKE 'v1.%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "staff_accounts" SET "totp_secret" = NULL, "totp_enabled" = false WHERE "totp_secret" IS NOT NULL`);
    await q.query(`ALTER TABLE "staff_accounts" ALTER COLUMN "totp_secret" TYPE character varying(64)`);
  }
}
