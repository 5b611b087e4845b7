import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CatalogueRecord, textArray } from '../database/record-columns';
import { Department } from '../departments/department.entity';

@Entity('service_locations')
@Check(`("lat" IS NULL) = ("lng" IS NULL)`)
@Check(`"level" IN ('市政务服务中心', '分中心', '乡镇(街道)便民服务中心', '村(社区)代办点')`)
export class ServiceLocation extends CatalogueRecord {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  level: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  regionCode: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => ServiceLocation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: ServiceLocation | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  hours: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column(textArray)
  windows: string[];
}
