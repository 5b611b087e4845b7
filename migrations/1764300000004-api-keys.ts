import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys of client systems (issue 5): hashed, scoped, with expiry, a per-key rate limit and usage counts. */
export class ApiKeys1764300000004 implements MigrationInterface {
  name = 'ApiKeys1764300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character varying(64) NOT NULL, "scopes" text array NOT NULL, "department_codes" text array NOT NULL DEFAULT '{}', "rate_limit_per_minute" integer NOT NULL DEFAULT '600', "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "usage_count" bigint NOT NULL DEFAULT '0', CONSTRAINT "UQ_57384430aa1959f4578046c9b81" UNIQUE ("key_hash"), CONSTRAINT "CHK_9e7817ab24023b90e7afa701f5" CHECK ("scopes" <@ ARRAY['read:published','read:drafts','write:import']::text[]), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_keys"`);
  }
}
