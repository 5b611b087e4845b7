import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, CreateDateColumn, ManyToOne, JoinColumn } from 'typeorm';
import { ServiceMatter } from '../service-matters/service-matter.entity';

/** How far a consumer (the search relay of an index) has read the change log. */
@Entity('search_sync_state')
export class SearchSyncState {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @Column({ type: 'bigint', default: 0 })
  lastTxid: string;

  @Column({ type: 'bigint', default: 0 })
  lastId: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Every rejection of a record by Meilisearch; after 5 unresolved ones the relay skips the record so the rest
 * proceeds. `npm run search:verify` re-applies everything out of step and marks them resolved.
 */
@Entity('search_dead_letters')
export class SearchDeadLetter {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  entityType: string;

  @Index()
  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'text' })
  error: string;

  @Column({ type: 'integer' })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}

/** How citizens talk → official terms. One-way unless `mutual` (true equivalents only). */
@Entity('search_synonyms')
export class SearchSynonym {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50, unique: true })
  term: string;

  @Column({ type: 'text', array: true })
  expansions: string[];

  @Column({ type: 'boolean', default: false })
  mutual: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A query pinned to a matter by staff, for a period, for cases no general rule catches. */
@Entity('search_best_bets')
export class SearchBestBet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Normalised query text (see query-normalizer). */
  @Index()
  @Column({ type: 'varchar', length: 100 })
  query: string;

  @Column({ type: 'uuid' })
  matterId: string;

  @ManyToOne(() => ServiceMatter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  @Column({ type: 'date', nullable: true })
  startsOn: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** What citizens searched for (query text only — no IP, no user): counts for zero-result and low-click reports. */
@Entity('search_query_stats')
export class SearchQueryStat {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  query: string;

  @Column({ type: 'integer', default: 0 })
  searches: number;

  @Column({ type: 'integer', default: 0 })
  zeroResults: number;

  @Column({ type: 'integer', default: 0 })
  clicks: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;
}
