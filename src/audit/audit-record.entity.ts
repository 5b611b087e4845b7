import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One audit record. Append-only: triggers refuse UPDATE and TRUNCATE, and DELETE of anything younger than six
 * months. `hash` = HMAC-SHA256 (key AUDIT_KEY) over the record and the previous record's hash, so a record
 * altered or removed directly in SQL breaks the chain (`npm run audit:verify`).
 */
@Entity('audit_log')
@Check(`"result" IN ('success', 'denied', 'failure')`)
export class AuditRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'timestamptz' })
  at: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  actorLogin: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  objectType: string | null;

  @Index()
  @Column({ type: 'varchar', length: 128, nullable: true })
  objectId: string | null;

  @Column({ type: 'varchar', length: 16 })
  result: 'success' | 'denied' | 'failure';

  @Column({ type: 'jsonb', nullable: true })
  details: object | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
