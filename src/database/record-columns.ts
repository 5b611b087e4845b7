import { Check, Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { PublicationStatus } from '../code-lists/code-lists';

/**
 * Columns every catalogue record has: a UUID id (not guessable), a unique business code, a publication status,
 * an optimistic-locking version and timestamps. Entities extend this class.
 */
@Check(`"status" IN ('draft', 'published', 'archived')`)
export abstract class CatalogueRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 16, default: 'published' })
  status: PublicationStatus;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const textArray = { type: 'text' as const, array: true, default: () => "'{}'" };
