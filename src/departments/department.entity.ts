import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CatalogueRecord, textArray } from '../database/record-columns';

@Entity('departments')
export class Department extends CatalogueRecord {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  shortName: string | null;

  @Column(textArray)
  aliases: string[];

  /** 统一社会信用代码 */
  @Column({ type: 'char', length: 18, nullable: true })
  uscc: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  kind: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Department | null;

  @Column({ type: 'boolean', default: false })
  inCentre: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  centreWindows: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  complaintPhone: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;
}
