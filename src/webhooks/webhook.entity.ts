import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiKey } from '../integration/api-key.entity';

/**
 * A client system's push subscription to the published change feed (the same records, in the same order, as
 * GET /api/v1/changes). It belongs to an API key: revoking or expiring the key pauses deliveries. Its own cursor
 * moves only when a batch was delivered (2xx) or, after the retry budget, parked as a dead letter — so nothing is
 * skipped when a receiver is down.
 */
@Entity('webhook_subscriptions')
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => ApiKey, { onDelete: 'CASCADE' })
  @JoinColumn()
  apiKey: ApiKey;

  @Column({ type: 'uuid' })
  apiKeyId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** The signing secret, sealed with AES-256-GCM under a key derived from AUDIT_KEY (it must be recoverable to sign). */
  @Column({ type: 'text' })
  secretSealed: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Position in the change log after the last delivered (or dead-lettered) change. */
  @Column({ type: 'bigint', default: 0 })
  cursorTxid: string;

  @Column({ type: 'bigint', default: 0 })
  cursorId: string;

  /** Failed attempts of the batch now waiting (0 = healthy). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Index()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastDeliveredAt: Date | null;

  @Column({ type: 'bigint', default: 0 })
  deliveredCount: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A batch that could not be delivered within the retry budget; visible to the security administrator and replayable. */
@Entity('webhook_dead_letters')
export class WebhookDeadLetter {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn()
  subscription: WebhookSubscription;

  @Index()
  @Column({ type: 'uuid' })
  subscriptionId: string;

  /** The exact body that was (and on replay will be) sent. */
  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'integer' })
  changeCount: number;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'varchar', length: 500 })
  lastError: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  replayedAt: Date | null;
}
