import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, SYSTEM } from '../auth/actor';
import { IntervalJob, tryAdvisoryXactLock } from '../common/interval-job';
import { AppConfig } from '../config/app-config';
import { KINDS } from '../exchange/catalogue-kinds';
import { Revision, WORKFLOW_KINDS } from './revision.entity';
import { WorkflowAccessService } from './workflow-access.service';
import { loadRecord } from './workflow-records';
import { WorkflowService } from './workflow.service';

/**
 * Applies scheduled publications and expiries on time. Every instance ticks; a session advisory lock lets one
 * of them do the work per tick, so N instances do not publish a revision N times (the work is idempotent anyway).
 */
@Injectable()
export class WorkflowSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowSchedulerService.name);
  private readonly job: IntervalJob;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
    private readonly access: WorkflowAccessService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.job = new IntervalJob({ what: 'scheduled work', everyMs: config.WORKFLOW_TICK_MS, run: () => this.tick(), logger: this.logger });
  }

  onApplicationBootstrap(): void {
    if (this.config.BACKGROUND_JOBS === 'on') this.job.start(); // CLI tasks and instances that must not write do not schedule
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Publishes scheduled revisions that are due and archives records whose effectiveTo passed. */
  async applyDue(actor: AuditActor): Promise<{ published: number; archived: number }> {
    let published = 0;
    let archived = 0;
    const due = await this.dataSource
      .getRepository(Revision)
      .createQueryBuilder('r')
      .where(`r.state = 'scheduled' AND r.effective_from <= now()`)
      .orderBy('r.effective_from')
      .take(100)
      .getMany();
    for (const { kind, code } of due) {
      await this.dataSource.transaction(async (m) => {
        const rev = await m.findOne(Revision, { where: { kind, code, state: 'scheduled' }, lock: { mode: 'pessimistic_write' } });
        if (!rev || !rev.effectiveFrom || rev.effectiveFrom > new Date()) return;
        await this.workflow.apply(m, rev);
        await m.save(Revision, rev);
        await this.access.record(m, actor, kind, 'publish', code, { number: rev.number, scheduled: rev.effectiveFrom.toISOString() });
        published++;
      });
    }
    for (const kind of WORKFLOW_KINDS) {
      const expired: { code: string; version: number; effective_to: Date }[] = await this.dataSource.query(
        `SELECT t.code, t.version, r.effective_to FROM ${KINDS[kind].table} t
           JOIN LATERAL (SELECT effective_to FROM revisions r WHERE r.kind = $1 AND r.code = t.code AND r.state = 'published'
                          ORDER BY r.number DESC LIMIT 1) r ON true
          WHERE t.status = 'published' AND r.effective_to <= now() LIMIT 100`,
        [kind],
      );
      for (const e of expired) {
        const until = new Date(e.effective_to).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
        await this.dataSource.transaction(async (m) => {
          const { published: row } = await loadRecord(m, kind, e.code, true);
          await this.workflow.archiveRecord(m, kind, e.code, row, e.version, `已于 ${until} 到期失效`, actor);
        });
        archived++;
      }
    }
    return { published, archived };
  }

  private async tick(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await tryAdvisoryXactLock(m, 'banshi-workflow-scheduler'))) return;
      const { published, archived } = await this.applyDue(SYSTEM);
      if (published || archived) this.logger.log(`scheduled work: ${published} published, ${archived} archived`);
    });
  }
}
