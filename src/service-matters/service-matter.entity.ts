import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { CatalogueRecord, textArray } from '../database/record-columns';
import { Department } from '../departments/department.entity';
import type { ChannelDto, LegalBasisDto, RedressDto, ResultDto, SpecialProcedureDto, TimeLimitDto } from '../exchange/exchange.dto';
import { MatterFaq, MatterFee, MatterLocation, MatterMaterial, MatterStep } from './matter-parts.entity';

/**
 * One 实施清单 record: a matter as one department implements it, with every element the national platform
 * publishes (spec/domain.md §4). Repeating elements with their own national upload tables (materials, fees,
 * steps, FAQs, places) are child tables; small structured elements are jsonb.
 */
@Entity('service_matters')
@Check(`"matter_type" ~ '^(0[1-9]|10|1[1-9]|2[0-9]|3[0-9]|99)$'`)
@Check(`"case_type" IS NULL OR "case_type" IN ('1', '2', '9')`)
@Check(`"exercise_levels" <@ ARRAY['1','2','3','4','5','6','7']::text[]`)
@Check(`"service_objects" <@ ARRAY['1','2','3','4','5','6','9']::text[]`)
@Check(`"handling_forms" <@ ARRAY['1','2','3','4','9']::text[]`)
@Check(`"online_depth" <@ ARRAY['1','2','3','4','5','6','7','8']::text[]`)
@Check(`"on_site_visits" IS NULL OR "on_site_visits" >= 0`)
@Check(`"effective_from" IS NULL OR "effective_to" IS NULL OR "effective_from" <= "effective_to"`)
export class ServiceMatter extends CatalogueRecord {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Index()
  @Column({ type: 'varchar', length: 2 })
  matterType: string;

  /** 基本编码 */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  baseCode: string | null;

  /** 业务办理项编码 */
  @Column({ type: 'varchar', length: 64, nullable: true })
  caseCode: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  mainItemName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subItemName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  caseName: string | null;

  @Column(textArray)
  exerciseLevels: string[];

  @Column({ type: 'varchar', length: 20, nullable: true })
  powerSource: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  implementerNature: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  entrustedDepartment: string | null;

  @Column(textArray)
  jointOrganizations: string[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  handlingOffice: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  legalBasis: LegalBasisDto[];

  @Column({ type: 'text', nullable: true })
  conditions: string | null;

  /** 无需提交材料: the matter asks for no materials at all (said explicitly, so an empty list is never a gap). */
  @Column({ type: 'boolean', default: false })
  noMaterialsRequired: boolean;

  @Column({ type: 'boolean', default: false })
  charged: boolean;

  @Column({ type: 'text', nullable: true })
  processDescription: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  specialProcedures: SpecialProcedureDto[];

  @Column({ type: 'jsonb', nullable: true })
  legalLimit: TimeLimitDto | null;

  @Column({ type: 'jsonb', nullable: true })
  promisedLimit: TimeLimitDto | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  caseType: string | null;

  @Column(textArray)
  serviceObjects: string[];

  @Column(textArray)
  handlingForms: string[];

  @Column(textArray)
  onlineDepth: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  mobileUrl: string | null;

  @Column({ type: 'smallint', nullable: true })
  onSiteVisits: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  onSiteReason: string | null;

  /** 就近办: the matter can be handled at township / village points (listed in matter_locations as 'nearby'). */
  @Index()
  @Column({ type: 'boolean', default: false })
  nearby: boolean;

  @Column({ type: 'jsonb', nullable: true })
  consult: ChannelDto | null;

  @Column({ type: 'jsonb', nullable: true })
  complaint: ChannelDto | null;

  @Column({ type: 'jsonb', nullable: true })
  result: ResultDto | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  quantityLimit: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  intermediaryService: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  crossRegionScope: string | null;

  @Column({ type: 'boolean', nullable: true })
  appointment: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  onlinePayment: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  express: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  selfService: boolean | null;

  @Column(textArray)
  personalThemes: string[];

  @Column(textArray)
  corporateThemes: string[];

  @Column(textArray)
  lifeStages: string[];

  @Column(textArray)
  keywords: string[];

  @Column({ type: 'jsonb', nullable: true })
  redress: RedressDto | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  catalogueStatus: string | null;

  @Column({ type: 'date', nullable: true })
  effectiveFrom: string | null;

  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  @OneToMany(() => MatterMaterial, (m) => m.matter)
  materials?: MatterMaterial[];

  @OneToMany(() => MatterFee, (m) => m.matter)
  fees?: MatterFee[];

  @OneToMany(() => MatterStep, (m) => m.matter)
  steps?: MatterStep[];

  @OneToMany(() => MatterFaq, (m) => m.matter)
  faqs?: MatterFaq[];

  @OneToMany(() => MatterLocation, (m) => m.matter)
  locations?: MatterLocation[];
}
