import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A rate-limit window shared by all app instances (RATE_LIMIT_STORE=postgres; the table is UNLOGGED). */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'timestamptz' })
  resetAt: Date;
}
