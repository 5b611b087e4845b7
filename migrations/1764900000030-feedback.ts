import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' feedback on matters (issue 11): 好差评 ratings and 反映问题 reports, anonymous but for an optional phone
 * number that is erased after its retention date; status new → in_hand → answered / closed.
 */
export class Feedback1764900000030 implements MigrationInterface {
  name = 'Feedback1764900000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(10) NOT NULL, "matter_id" uuid NOT NULL, "department_id" uuid NOT NULL, "rating" smallint, "problem" character varying(20), "comment" character varying(1000), "phone" character varying(20), "phone_erase_after" TIMESTAMP WITH TIME ZONE, "status" character varying(12) NOT NULL DEFAULT 'new', "answer" character varying(2000), "handled_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_d9c0a3c53b7d8f3e72163a0940" CHECK (("kind" = 'report') = ("problem" IS NOT NULL)), CONSTRAINT "CHK_01fffc9202762aac4cc3124958" CHECK (("kind" = 'rating') = ("rating" IS NOT NULL)), CONSTRAINT "CHK_44d0b5d86cc45637d1470a818d" CHECK ("rating" IS NULL OR "rating" BETWEEN 1 AND 5), CONSTRAINT "CHK_c4f0d3813875fa9b0591f151cc" CHECK ("status" IN ('new', 'in_hand', 'answered', 'closed')), CONSTRAINT "CHK_4b69bd597da25a8ee05a692813" CHECK ("kind" IN ('rating', 'report')), CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_beb89114eea89012905ef0a2ad" ON "feedback"  ("matter_id") `);
    await q.query(`CREATE INDEX "IDX_023b0b61cb4353401662c2689c" ON "feedback"  ("department_id", "status", "created_at") `);
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_beb89114eea89012905ef0a2ad3" FOREIGN KEY ("matter_id") REFERENCES "service_matters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_ab4b7e7949fa636b9dcb66a0ea4" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feedback"`);
  }
}
