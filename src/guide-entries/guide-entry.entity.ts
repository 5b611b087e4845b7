import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CatalogueRecord, textArray } from '../database/record-columns';
import { Department } from '../departments/department.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import type { ComplaintChannelDto, GuideContactDto } from '../exchange/exchange.dto';

/**
 * One entry of a department's 《办事不找关系指南》: an item of one of the four lists
 * (power / compliance / prohibited / deferrable), telling whom to contact and where to complain.
 */
@Entity('guide_entries')
@Check(`"list" IN ('power', 'compliance', 'prohibited', 'deferrable')`)
export class GuideEntry extends CatalogueRecord {
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Index()
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Index()
  @Column({ type: 'varchar', length: 12 })
  list: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  matterId: string | null;

  @ManyToOne(() => ServiceMatter, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter | null;

  @Column({ type: 'jsonb', nullable: true })
  contact: GuideContactDto | null;

  @Column({ type: 'text', nullable: true })
  conditions: string | null;

  @Column(textArray)
  materials: string[];

  @Column(textArray)
  steps: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  timeLimit: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  fees: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  hours: string | null;

  @Column(textArray)
  prohibitedConduct: string[];

  @Column(textArray)
  deferrableMaterials: string[];

  @Column({ type: 'text', nullable: true })
  commitment: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  complaintChannels: ComplaintChannelDto[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  qrUrl: string | null;

  @Column({ type: 'integer', nullable: true })
  handbookPage: number | null;
}
