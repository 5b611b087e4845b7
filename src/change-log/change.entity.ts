import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CHANGE_ENTITY_TYPES = ['department', 'location', 'matter', 'guide', 'bundle'] as const;
export type ChangeEntityType = (typeof CHANGE_ENTITY_TYPES)[number];
export const CHANGE_OPS = ['create', 'update', 'publish', 'unpublish', 'delete'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/**
 * The project's one record of changes (transactional outbox). Database triggers write a row in the same
 * transaction as every change to a catalogue record, whatever wrote it (API, import, seed, raw SQL).
 * The search relay and the public change feed both read it in (txid, id) order, only below the oldest
 * transaction still running, so a transaction that commits late can never be skipped (docs/search.md).
 */
@Entity('change_log')
@Index(['txid', 'id'])
// "Is this record already logged in this transaction?" — asked once per child row written (materials, fees …).
@Index(['txid', 'entityId'])
@Check(`"entity_type" IN ('department', 'location', 'matter', 'guide', 'bundle')`)
@Check(`"op" IN ('create', 'update', 'publish', 'unpublish', 'delete')`)
export class Change {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS', generated: 'identity' })
  id: string;

  /** Top-level transaction id (xid8 as bigint) of the writing transaction. */
  @Column({ type: 'bigint' })
  txid: string;

  @Column({ type: 'varchar', length: 16 })
  entityType: ChangeEntityType;

  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'varchar', length: 64 })
  entityCode: string;

  @Column({ type: 'varchar', length: 10 })
  op: ChangeOp;

  /** Publication status after the change (null after a delete). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  status: string | null;

  /** The record's version after the change (what the public API and the staff history show); null after a delete. */
  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
