import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditActor } from '../auth/actor';
import { AUDIT_KEY } from './audit-key';
import { AuditFields, auditHash, ChainProblem, verifyChain } from './audit-chain';
import { AuditRecord } from './audit-record.entity';
import { Inject } from '@nestjs/common';

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  result?: 'success' | 'denied' | 'failure';
  details?: Record<string, unknown> | null;
}

/**
 * Writes the audit trail. `record()` runs inside the caller's transaction, so the change and its audit record
 * commit or roll back together; `recordAlone()` is for events with no change (denied access, failed sign-in).
 * Records are chained: an advisory lock serialises writers until commit, so ids follow the chain order.
 * Call `record()` last in a transaction: the lock is held until the transaction ends.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_KEY) private readonly key: string,
  ) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /**
   * Several records at once, chained in order, inserted 1,000 a statement (a bulk import audits every record it
   * creates or changes). Same rules as record(): inside the caller's transaction, last in it.
   */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('banshi-audit'))`);
    const [last] = await manager.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    let prevHash: string | null = last?.hash ?? null;
    const at = new Date();
    const rows = entries.map((entry) => {
      const fields: AuditFields = {
        at,
        actorId: entry.actor.accountId ?? null,
        actorLogin: entry.actor.login ?? null,
        actorRole: entry.actor.role ?? null,
        ip: entry.actor.ip ?? null,
        requestId: entry.actor.requestId ?? null,
        action: entry.action,
        objectType: entry.objectType ?? null,
        objectId: entry.objectId ?? null,
        result: entry.result ?? 'success',
        details: entry.details ?? null,
      };
      const row = { ...fields, prevHash, hash: auditHash(this.key, prevHash, fields) };
      prevHash = row.hash;
      return row;
    });
    // A multi-row INSERT takes identity values in row order, so ids follow the chain.
    for (let i = 0; i < rows.length; i += 1000) await manager.getRepository(AuditRecord).insert(rows.slice(i, i + 1000));
  }

  /** An audit record on its own (nothing else changes). Failures are logged, never hidden from the caller. */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.dataSource.transaction((m) => this.record(m, entry));
  }

  /** Recomputes the whole chain in id order, in batches; returns every broken record. */
  async verify(): Promise<{ checked: number; problems: ChainProblem[]; head: string | null }> {
    let after = '0';
    let previous: string | null | undefined = undefined;
    let checked = 0;
    const problems: ChainProblem[] = [];
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditRecord)
        .createQueryBuilder('a')
        .where('a.id > :after', { after })
        .orderBy('a.id', 'ASC')
        .limit(2000)
        .getMany();
      if (rows.length === 0) break;
      const r = verifyChain(this.key, rows, previous);
      problems.push(...r.problems);
      previous = r.last;
      checked += rows.length;
      after = rows[rows.length - 1].id;
    }
    if (problems.length) this.logger.warn(`audit chain: ${problems.length} problem(s), first at id ${problems[0].id}`);
    return { checked, problems, head: previous ?? null };
  }
}
