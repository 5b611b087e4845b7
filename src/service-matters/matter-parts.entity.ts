import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { ServiceMatter } from './service-matter.entity';

/** Rows owned by one matter, kept in the order the guide lists them. Deleted with their matter. */
abstract class MatterPart {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  matterId: string;

  @Column({ type: 'smallint' })
  position: number;
}

/** 申请材料 */
@Entity('matter_materials')
@Check(`"necessity" IS NULL OR "necessity" IN ('必要', '非必要', '容缺后补')`)
@Check(`"copies" IS NULL OR "copies" >= 0`)
export class MatterMaterial extends MatterPart {
  @ManyToOne(() => ServiceMatter, (m) => m.materials, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  necessity: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  originality: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  medium: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  sourceChannel: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  issuingOrg: string | null;

  @Column({ type: 'smallint', nullable: true })
  copies: number | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  paperSpec: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  blankFormUrl: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sampleUrl: string | null;

  @Column({ type: 'text', nullable: true })
  fillNotes: string | null;

  @Column({ type: 'text', nullable: true })
  acceptStandard: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  legalBasis: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  whenRequired: string | null;

  @Column({ type: 'boolean', nullable: true })
  sharedCertificate: boolean | null;
}

/** 收费项目 */
@Entity('matter_fees')
export class MatterFee extends MatterPart {
  @ManyToOne(() => ServiceMatter, (m) => m.fees, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 500 })
  standard: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  basis: string | null;

  @Column({ type: 'boolean', nullable: true })
  reducible: boolean | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reductionBasis: string | null;
}

/** 办理环节 */
@Entity('matter_steps')
export class MatterStep extends MatterPart {
  @ManyToOne(() => ServiceMatter, (m) => m.steps, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actor: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  timeLimit: string | null;

  @Column({ type: 'text', nullable: true })
  reviewStandard: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  result: string | null;
}

/** 常见问题 */
@Entity('matter_faqs')
export class MatterFaq extends MatterPart {
  @ManyToOne(() => ServiceMatter, (m) => m.faqs, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @Column({ type: 'varchar', length: 500 })
  question: string;

  @Column({ type: 'text' })
  answer: string;
}

/**
 * 办理地点 ('handling': where the matter is handled, with window and hours) and
 * 就近办 points ('nearby': township / village points that also accept it).
 */
@Entity('matter_locations')
@Check(`"kind" IN ('handling', 'nearby')`)
export class MatterLocation {
  @PrimaryColumn({ type: 'uuid' })
  matterId: string;

  @PrimaryColumn({ type: 'uuid' })
  @Index()
  locationId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  kind: 'handling' | 'nearby';

  @Column({ type: 'smallint' })
  position: number;

  @ManyToOne(() => ServiceMatter, (m) => m.locations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @ManyToOne(() => ServiceLocation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id' })
  location?: ServiceLocation;

  @Column({ type: 'varchar', length: 100, nullable: true })
  window: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  hours: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;
}
