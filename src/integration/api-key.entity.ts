import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const API_KEY_SCOPES = ['read:published', 'read:drafts', 'write:import'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * A key of one client system (provincial platform, 12345 hotline, mini-program). Only the SHA-256 of the key is
 * stored; the key itself is shown once, at creation. `departmentCodes` names the departments whose drafts the
 * key may read (read:drafts) or import into (write:import).
 */
@Entity('api_keys')
@Check(`"scopes" <@ ARRAY['read:published','read:drafts','write:import']::text[]`)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The client system, e.g. 辽宁省政务服务平台. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** First characters of the key, shown in lists so people can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  keyHash: string;

  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  departmentCodes: string[];

  /** Requests per minute this key may make (instead of the per-IP public limit). */
  @Column({ type: 'integer', default: 600 })
  rateLimitPerMinute: number;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'bigint', default: 0 })
  usageCount: string;
}
