import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { WorkflowService } from './workflow.service';

/**
 * Applies scheduled publications and expiries on time. Every instance ticks; a session advisory lock lets one
 * of them do the work per tick, so N instances do not publish a revision N times (the work is idempotent anyway).
 */
@Injectable()
export class WorkflowSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowSchedulerService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.BACKGROUND_JOBS === 'off') return; // CLI tasks and instances that must not write do not schedule
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.config.WORKFLOW_TICK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.dataSource.transaction(async (m) => {
        const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('banshi-workflow-scheduler')) AS locked`);
        if (!locked) return;
        const { published, archived } = await this.workflow.applyDue(SYSTEM);
        if (published || archived) this.logger.log(`scheduled work: ${published} published, ${archived} archived`);
      });
    } catch (e) {
      this.logger.error(`scheduled work failed: ${(e as Error).message}`);
    }
  }
}
