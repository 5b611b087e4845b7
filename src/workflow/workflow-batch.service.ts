import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AppError } from '../common/app-error';
import { WorkflowKind } from './revision.entity';
import { BatchResult, RevisionView } from './workflow.dto';
import { WorkflowService } from './workflow.service';

export interface BatchRequest {
  action: 'submit' | 'withdraw' | 'publish' | 'return';
  items: { code: string; version: number }[];
  reason?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
}

/**
 * Several transitions of one kind in one transaction (a reviewer publishing a department's imported drafts):
 * all or nothing; the first item that fails names itself in the error, and nothing changes.
 */
@Injectable()
export class WorkflowBatchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
  ) {}

  async batch(kind: WorkflowKind, b: BatchRequest, actor: Actor): Promise<BatchResult> {
    const [items] = await this.batchKinds([{ kind, items: b.items }], b, actor);
    return { action: b.action, items };
  }

  /**
   * The same step for records of several kinds (an import holds matters, guide entries and bundles), in one
   * transaction: all or nothing. Items are numbered across the groups, in order, in the error message.
   */
  async batchKinds(groups: { kind: WorkflowKind; items: BatchRequest['items'] }[], b: Omit<BatchRequest, 'items'>, actor: Actor): Promise<RevisionView[][]> {
    return this.dataSource.transaction(async (m) => {
      const out: RevisionView[][] = [];
      let i = 0;
      for (const { kind, items: group } of groups) {
        const items: RevisionView[] = [];
        for (const { code, version } of group) {
          try {
            if (b.action === 'submit') items.push(await this.workflow.submit(kind, code, version, actor, m));
            else if (b.action === 'withdraw') items.push(await this.workflow.withdraw(kind, code, version, actor, m));
            else if (b.action === 'return') items.push(await this.workflow.returnToEditor(kind, code, version, b.reason!, actor, m));
            else items.push(await this.workflow.publish(kind, code, version, { effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo }, actor, m));
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            const details = Array.isArray(e.details) ? { problems: e.details } : e.details;
            throw new AppError(e.status, e.code, `第 ${i + 1} 项（${code}）：${e.message}；整批未做任何修改`, { item: i, code, ...details });
          }
          i++;
        }
        out.push(items);
      }
      return out;
    });
  }
}
