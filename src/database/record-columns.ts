import { Check, Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PublicationStatus } from '../code-lists/code-lists';

/**
 * Columns every catalogue record has: a UUID id (not guessable), a unique business code, a publication status,
 * an optimistic-locking version and timestamps (version and updated_at are maintained by the database).
 * Entities extend this class.
 */
@Check(`"status" IN ('draft', 'published', 'archived')`)
export abstract class CatalogueRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 16, default: 'published' })
  status: PublicationStatus;

  /** Bumped by the database on every update (trigger banshi_bump_version), whoever writes. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The public reason given when staff archived the record (shown to citizens); null otherwise. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  archiveReason: string | null;

  /** Set by the database on every update, like `version`. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

export const textArray = { type: 'text' as const, array: true, default: () => "'{}'" };
