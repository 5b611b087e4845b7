import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { CatalogueRecord, textArray } from '../database/record-columns';
import { Department } from '../departments/department.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';

/** "高效办成一件事": one citizen need served by several matters with shared materials and one flow. */
@Entity('bundles')
export class Bundle extends CatalogueRecord {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** 牵头部门 */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;

  @Column(textArray)
  sharedMaterials: string[];

  @Column(textArray)
  lifeStages: string[];

  @OneToMany(() => BundleMatter, (m) => m.bundle)
  matters?: BundleMatter[];
}

@Entity('bundle_matters')
export class BundleMatter {
  @PrimaryColumn({ type: 'uuid' })
  bundleId: string;

  @PrimaryColumn({ type: 'uuid' })
  @Index()
  matterId: string;

  @Column({ type: 'smallint' })
  position: number;

  @ManyToOne(() => Bundle, (b) => b.matters, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bundle_id' })
  bundle?: Bundle;

  @ManyToOne(() => ServiceMatter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;
}
