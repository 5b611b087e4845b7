import type { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface IntervalJobOptions {
  /** What the job does, for the log line of a failed pass ("webhook delivery"). */
  what: string;
  everyMs: number;
  /** One pass. A pass that throws is logged; the next tick tries again. */
  run: () => Promise<unknown>;
  /** The owning service's logger, so the lines carry its context. */
  logger: Pick<Logger, 'warn'>;
}

/**
 * The shape every background job of Banshi shares (scheduled publications, webhook delivery, change-log pruning):
 * a pass every `everyMs`; never two passes at once in one process (a tick while a pass runs is skipped, so a slow
 * pass is not stacked up); a failing pass is logged and does not stop the job; `stop()` — called on shutdown — stops
 * the timer and waits for the pass in progress, so the database is not closed under it. The timer does not keep the
 * process alive. With several instances each pass takes a lock (`tryAdvisoryXactLock`, or row locks) so the work
 * is done once.
 */
export class IntervalJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly options: IntervalJobOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.everyMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Starts a pass unless one is running; resolves when the running pass ends. */
  tick(): Promise<void> {
    this.running ??= this.options
      .run()
      .then(
        () => undefined,
        (e: unknown) => this.options.logger.warn(`${this.options.what} failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}

/**
 * Takes the transaction-level advisory lock `name` if no other session holds it (released at commit or rollback):
 * with several instances, the one that gets it does this pass of the job and the others skip it.
 */
export async function tryAdvisoryXactLock(m: Pick<EntityManager, 'query'>, name: string): Promise<boolean> {
  const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [name])) as { locked: boolean }[];
  return locked;
}
