import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor';
import { toAuditActor } from '../auth/sessions.service';
import { Page, pageOf } from '../common/pagination';
import type { AuditFilterDto } from './audit.dto';
import { AuditRecord } from './audit-record.entity';
import { AuditService } from './audit.service';

/** Reading the trail. Reading is itself an audited act (who looked at what, with which filter). */
@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private filtered(q: AuditFilterDto): SelectQueryBuilder<AuditRecord> {
    const qb = this.dataSource.getRepository(AuditRecord).createQueryBuilder('a');
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.actorLogin) qb.andWhere('a.actor_login = :actorLogin', { actorLogin: q.actorLogin });
    if (q.action?.endsWith('.')) qb.andWhere(`a.action LIKE :prefix ESCAPE '\\'`, { prefix: `${q.action.replace(/[\\%_]/g, '\\$&')}%` });
    else if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.objectType) qb.andWhere('a.object_type = :objectType', { objectType: q.objectType });
    if (q.objectId) qb.andWhere('a.object_id = :objectId', { objectId: q.objectId });
    if (q.result) qb.andWhere('a.result = :result', { result: q.result });
    if (q.from) qb.andWhere('a.at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('a.at < :to', { to: new Date(q.to) });
    return qb;
  }

  private filterOf(q: AuditFilterDto) {
    const { page: _p, limit: _l, modifiedAfter: _m, ...filter } = q;
    return filter;
  }

  async query(q: AuditFilterDto, actor: Actor): Promise<Page<AuditRecord>> {
    const [items, total] = await this.filtered(q)
      .orderBy('a.id', 'DESC')
      .skip((q.page - 1) * q.limit)
      .take(q.limit)
      .getManyAndCount();
    await this.audit.recordAlone({ actor: toAuditActor(actor), action: 'audit.query', objectType: 'audit', details: { filter: this.filterOf(q), total } });
    return pageOf(items, total, q);
  }

  /** Every matching record in id order, read 1000 at a time (keyset), so memory stays flat. */
  async export(q: AuditFilterDto, actor: Actor): Promise<AsyncIterable<AuditRecord>> {
    await this.audit.recordAlone({ actor: toAuditActor(actor), action: 'audit.export', objectType: 'audit', details: { filter: this.filterOf(q) } });
    const filtered = () => this.filtered(q);
    return (async function* () {
      let after = '0';
      for (;;) {
        const rows = await filtered().andWhere('a.id > :after', { after }).orderBy('a.id', 'ASC').take(1000).getMany();
        if (rows.length === 0) return;
        yield* rows;
        after = rows[rows.length - 1].id;
      }
    })();
  }

  async verify(actor: Actor) {
    const result = await this.audit.verify();
    await this.audit.recordAlone({
      actor: toAuditActor(actor),
      action: 'audit.verify',
      objectType: 'audit',
      result: result.problems.length ? 'failure' : 'success',
      details: { checked: result.checked, problems: result.problems.length },
    });
    return { ok: result.problems.length === 0, ...result };
  }
}
