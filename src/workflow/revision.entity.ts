import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export { WORKFLOW_KINDS, type WorkflowKind } from '../exchange/catalogue-kinds';
import type { WorkflowKind } from '../exchange/catalogue-kinds';

/**
 * draft → submitted → (scheduled →) published; submitted → returned (with a reason) → submitted …; a submitted or
 * scheduled revision can be withdrawn back to draft. At most one open revision per record (partial unique index).
 */
export const REVISION_STATES = ['draft', 'submitted', 'returned', 'scheduled', 'published'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];
export const OPEN_STATES: RevisionState[] = ['draft', 'submitted', 'returned', 'scheduled'];

/**
 * One version of a matter, guide entry or bundle, as an exchange-format record. Drafts live here until they are
 * published; publishing writes the payload to the catalogue tables (which the public API and search read), so the
 * public keeps seeing the published version while a new draft is edited. Published revisions are the history.
 */
@Entity('revisions')
@Unique(['kind', 'code', 'number'])
@Index('revisions_one_open', ['kind', 'code'], { unique: true, where: `"state" IN ('draft', 'submitted', 'returned', 'scheduled')` })
@Check(`"kind" IN ('matters', 'guides', 'bundles')`)
@Check(`"state" IN ('draft', 'submitted', 'returned', 'scheduled', 'published')`)
export class Revision {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: WorkflowKind;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  /** The owning department (fixed for the life of the record); object-level permissions check it. */
  @Index()
  @Column({ type: 'varchar', length: 64 })
  departmentCode: string;

  /** 1, 2, 3 … per record; what history and diff call a version. */
  @Column({ type: 'integer' })
  number: number;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  state: RevisionState;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Optimistic-locking version of this revision (If-Match). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  /** When a published revision takes effect (scheduled until then) and when the record is archived again. */
  @Column({ type: 'timestamptz', nullable: true })
  effectiveFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  effectiveTo: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
