import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { FEEDBACK_PERMISSIONS, allowsFeedback } from '../auth/permission-matrix';
import { toAuditActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { IntervalJob } from '../common/interval-job';
import { pageOf, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import {
  CreateFeedbackDto,
  FeedbackCountsQueryDto,
  FeedbackCreated,
  FeedbackPage,
  FeedbackReceiptResponse,
  FeedbackResponse,
  ListFeedbackQueryDto,
  MatterFeedbackCount,
  toFeedbackReceiptResponse,
  toFeedbackResponse,
  UpdateFeedbackDto,
} from './feedback.dto';
import { Feedback, FeedbackStatus, RECEIPT_ALPHABET, RECEIPT_PATTERN } from './feedback.entity';

/** A new receipt code (crypto random; a collision, ~2^-59 per pair, fails the unique index and the post is retried by the citizen). */
export const newReceipt = (): string => Array.from({ length: 12 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');

/** Allowed status changes: new → in hand → answered / closed; answered → closed; closed is final. */
export const FEEDBACK_NEXT: Record<FeedbackStatus, FeedbackStatus[]> = {
  new: ['in_hand', 'answered', 'closed'],
  in_hand: ['answered', 'closed'],
  answered: ['closed'],
  closed: [],
};

/**
 * Citizens' 好差评 and 反映问题 about matters. Public create (page form and JSON), the departments' list and answers
 * (audited, department-scoped by FEEDBACK_PERMISSIONS), counts per matter for reviewers, and the PIPL retention rule:
 * a phone number is erased FEEDBACK_PHONE_RETENTION_DAYS after it was given (hourly job).
 */
@Injectable()
export class FeedbackService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FeedbackService.name);
  /** Hourly; erasing is idempotent, so several instances may each run it. */
  private readonly retention = new IntervalJob({
    what: 'feedback retention',
    everyMs: 3_600_000,
    run: async () => {
      const n = await this.eraseExpiredPhones();
      if (n) this.logger.log(`feedback retention: erased ${n} phone number(s)`);
    },
    logger: this.logger,
  });

  constructor(
    @InjectRepository(Feedback) private readonly feedback: Repository<Feedback>,
    @InjectRepository(ServiceMatter) private readonly matters: Repository<ServiceMatter>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** What the forms and the API tell a citizen about their data (PIPL: purpose, minimum, retention). */
  privacyNotice(): string {
    return `评价和问题不记录您的姓名、IP 地址或账号，只用于改进办事指南和督促部门整改。电话号码可以不填；填写后只用于工作人员回访，${this.config.FEEDBACK_PHONE_RETENTION_DAYS} 天后自动删除。提交后会给您一个回执码，凭它查看处理进度和部门答复。`;
  }

  async create(dto: CreateFeedbackDto): Promise<FeedbackCreated> {
    const matter = await this.matters.findOne({ select: { id: true, departmentId: true }, where: { code: dto.matterCode, status: 'published' } });
    if (!matter) throw AppError.notFound('MATTER_NOT_FOUND', '事项');
    const phone = dto.phone?.trim() || null;
    const comment = dto.comment?.trim() || null;
    const row = await this.feedback.save(
      this.feedback.create({
        kind: dto.kind,
        receipt: newReceipt(),
        matterId: matter.id,
        departmentId: matter.departmentId,
        rating: dto.kind === 'rating' ? dto.rating! : null,
        problem: dto.kind === 'report' ? dto.problem! : null,
        comment,
        phone,
        phoneEraseAfter: phone ? new Date(Date.now() + this.config.FEEDBACK_PHONE_RETENTION_DAYS * 86_400_000) : null,
      }),
    );
    return { id: row.id, kind: row.kind, receipt: row.receipt, privacy: this.privacyNotice() };
  }

  /** The citizen's view of one item by its receipt code: status and answer, nothing personal (404 for any other code). */
  async byReceipt(receipt: string): Promise<FeedbackReceiptResponse> {
    const code = receipt.toUpperCase();
    const row = RECEIPT_PATTERN.test(code) ? await this.feedback.findOne({ where: { receipt: code }, relations: { matter: true, department: true } }) : null;
    if (!row) throw new AppError(404, 'FEEDBACK_NOT_FOUND', '没有找到这个回执码，请核对后再试');
    return toFeedbackReceiptResponse(row);
  }

  async list(q: ListFeedbackQueryDto, actor: Actor): Promise<FeedbackPage> {
    const qb = this.feedback
      .createQueryBuilder('f')
      .innerJoinAndSelect('f.matter', 'matter')
      .innerJoinAndSelect('f.department', 'department')
      .orderBy('f.created_at', 'DESC')
      .addOrderBy('f.id');
    this.scope(qb, actor, 'read');
    if (q.status) qb.andWhere('f.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('f.kind = :kind', { kind: q.kind });
    if (q.problem) qb.andWhere('f.problem = :problem', { problem: q.problem });
    if (q.departmentCode) qb.andWhere('department.code = :dc', { dc: q.departmentCode });
    if (q.matterCode) qb.andWhere('matter.code = :mc', { mc: q.matterCode });
    const [rows, total] = await paginate(qb, 'f', q).getManyAndCount();
    return pageOf(rows.map(toFeedbackResponse), total, q);
  }

  /** One item, if the actor may read it (another department's is "not found", as in update). */
  async get(id: string, actor: Actor): Promise<FeedbackResponse> {
    const qb = this.feedback
      .createQueryBuilder('f')
      .innerJoinAndSelect('f.matter', 'matter')
      .innerJoinAndSelect('f.department', 'department')
      .where('f.id = :id', { id });
    this.scope(qb, actor, 'read');
    const row = await qb.getOne();
    if (!row) throw AppError.notFound('FEEDBACK_NOT_FOUND', '反馈');
    return toFeedbackResponse(row);
  }

  async update(id: string, dto: UpdateFeedbackDto, actor: Actor): Promise<FeedbackResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await m
        .getRepository(Feedback)
        .createQueryBuilder('f')
        .innerJoinAndSelect('f.matter', 'matter')
        .innerJoinAndSelect('f.department', 'department')
        .where('f.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['f'])
        .getOne();
      // Another department's feedback is "not found" to an editor (no existence oracle), like catalogue records.
      if (!row || !allowsFeedback(actor.role, actor.departmentCodes, 'read', row.department!.code)) throw AppError.notFound('FEEDBACK_NOT_FOUND', '反馈');
      if (!allowsFeedback(actor.role, actor.departmentCodes, 'answer', row.department!.code)) {
        throw new AppError(403, 'FORBIDDEN', '只有事项所属部门的工作人员可以处理和答复');
      }
      if (!FEEDBACK_NEXT[row.status].includes(dto.status)) {
        throw new AppError(409, 'FEEDBACK_STATUS', `不能从“${row.status}”改为“${dto.status}”（新 → 处理中 → 已答复 / 已关闭）`);
      }
      const before = row.status;
      row.status = dto.status;
      if (dto.answer !== undefined) row.answer = dto.answer.trim();
      row.handledBy = actor.accountId;
      row.updatedAt = new Date();
      await m.getRepository(Feedback).save(row);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: 'feedback.update',
        objectType: 'feedback',
        objectId: row.id,
        details: { matterCode: row.matter!.code, from: before, to: row.status, answered: dto.answer !== undefined },
      });
      return toFeedbackResponse(row);
    });
  }

  /** Per matter: ratings, average, unsatisfied, reports, still open — most reports first. */
  async counts(q: FeedbackCountsQueryDto, actor: Actor): Promise<MatterFeedbackCount[]> {
    const qb = this.feedback
      .createQueryBuilder('f')
      .innerJoin('f.matter', 'matter')
      .innerJoin('f.department', 'department')
      .select('matter.code', 'matterCode')
      .addSelect('matter.name', 'matterName')
      .addSelect('department.code', 'departmentCode')
      .addSelect('department.name', 'departmentName')
      .addSelect(`count(*) FILTER (WHERE f.kind = 'rating')`, 'ratings')
      .addSelect(`round(avg(f.rating), 2)`, 'average')
      .addSelect(`count(*) FILTER (WHERE f.rating <= 2)`, 'unsatisfied')
      .addSelect(`count(*) FILTER (WHERE f.kind = 'report')`, 'reports')
      .addSelect(`count(*) FILTER (WHERE f.status IN ('new', 'in_hand'))`, 'open')
      .groupBy('matter.code')
      .addGroupBy('matter.name')
      .addGroupBy('department.code')
      .addGroupBy('department.name')
      .orderBy('reports', 'DESC')
      .addOrderBy('unsatisfied', 'DESC')
      .addOrderBy('matter.code')
      .limit(q.limit);
    this.scope(qb, actor, 'read');
    if (q.departmentCode) qb.andWhere('department.code = :dc', { dc: q.departmentCode });
    const rows: Record<string, string | null>[] = await qb.getRawMany();
    return rows.map((r) => ({
      matter: { code: r.matterCode!, name: r.matterName! },
      department: { code: r.departmentCode!, name: r.departmentName! },
      ratings: Number(r.ratings),
      averageRating: r.average === null ? null : Number(r.average),
      unsatisfied: Number(r.unsatisfied),
      reports: Number(r.reports),
      open: Number(r.open),
    }));
  }

  /** Erases phone numbers past their retention date; the feedback itself stays, anonymous. */
  async eraseExpiredPhones(): Promise<number> {
    const r = await this.feedback
      .createQueryBuilder()
      .update(Feedback)
      .set({ phone: null, phoneEraseAfter: null })
      .where('phone_erase_after <= now()')
      .execute();
    return r.affected ?? 0;
  }

  onModuleInit(): void {
    void this.retention.tick(); // once at start, then hourly
    this.retention.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.retention.stop();
  }

  private scope(qb: { andWhere: (w: string, p?: object) => unknown }, actor: Actor, action: 'read' | 'answer'): void {
    const scope = actor.role ? FEEDBACK_PERMISSIONS[actor.role][action] : undefined;
    if (scope === 'any') return;
    if (scope === 'own') qb.andWhere('department.code = ANY(:own)', { own: actor.departmentCodes });
    else qb.andWhere('FALSE');
  }
}
