import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit counters shared by all app instances (RATE_LIMIT_STORE=postgres). UNLOGGED: counters need no crash safety. */
export class SharedRateLimits1764300000021 implements MigrationInterface {
  name = 'SharedRateLimits1764300000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNLOGGED TABLE "rate_limit_counters" ("key" character varying(300) NOT NULL, "hits" integer NOT NULL, "reset_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ad665f1998311a7bd0e8265365d" PRIMARY KEY ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit_counters"`);
  }
}
