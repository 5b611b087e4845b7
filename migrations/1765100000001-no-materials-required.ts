import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 无需提交材料: a matter that asks for no materials says so explicitly (`noMaterialsRequired`), so it can be submitted
 * and published (completeness otherwise wants at least one material) and the portal can say so instead of showing
 * an empty list. Existing rows keep false: their materials (or the lack of them) are unchanged.
 */
export class NoMaterialsRequired1765100000001 implements MigrationInterface {
  name = 'NoMaterialsRequired1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_matters" ADD "no_materials_required" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_matters" DROP COLUMN "no_materials_required"`);
  }
}
