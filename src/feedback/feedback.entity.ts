import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../departments/department.entity';
import { ServiceMatter } from '../service-matters/service-matter.entity';

export const FEEDBACK_KINDS = ['rating', 'report'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATUSES = ['new', 'in_hand', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
/** The statuses in the citizen's words (the receipt page). */
export const STATUS_LABELS: Record<FeedbackStatus, string> = { new: '已收到，等待处理', in_hand: '正在处理', answered: '已答复', closed: '已办结' };
/** Receipt codes: no 0/O, 1/I/L, so they can be read out on the phone. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/;
/** 好差评: 5 非常满意 … 1 非常不满意. */
export const RATINGS: Record<string, string> = { '5': '非常满意', '4': '满意', '3': '基本满意', '2': '不满意', '1': '非常不满意' };
/** 反映问题: what went wrong. */
export const PROBLEMS: Record<string, string> = {
  outdated: '指南内容有误或已过时',
  extra_materials: '要求提供指南没有列出的材料',
  connections: '被要求托关系、找熟人',
  fee: '被收取指南没有列出的费用',
  extra_visits: '被要求多跑腿、跑了指南以外的次数',
  other: '其他问题',
};

/**
 * A citizen's 好差评 rating or 反映问题 report about one matter. Anonymous: no IP, no account, no cookie is stored;
 * the only personal data is an optional phone number (for a call back), erased after
 * FEEDBACK_PHONE_RETENTION_DAYS (phone_erase_after) by FeedbackRetentionService.
 */
@Entity('feedback')
@Check(`"kind" IN ('rating', 'report')`)
@Check(`"status" IN ('new', 'in_hand', 'answered', 'closed')`)
@Check(`"rating" IS NULL OR "rating" BETWEEN 1 AND 5`)
@Check(`("kind" = 'rating') = ("rating" IS NOT NULL)`)
@Check(`("kind" = 'report') = ("problem" IS NOT NULL)`)
@Index(['departmentId', 'status', 'createdAt'])
export class Feedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: FeedbackKind;

  /**
   * 回执码: given to the citizen once, after posting; whoever holds it can follow the item at /feedback/{receipt}
   * (status and the department's answer, nothing personal). Random, 12 of 31 unambiguous characters (≈ 2^59).
   */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  receipt: string;

  @Index()
  @Column({ type: 'uuid' })
  matterId: string;

  @ManyToOne(() => ServiceMatter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'matter_id' })
  matter?: ServiceMatter;

  /** The matter's department when the feedback was given (who answers it). */
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Column({ type: 'smallint', nullable: true })
  rating: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  problem: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;

  /** Only when the citizen chose to leave it; erased after the retention period. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  phoneEraseAfter: Date | null;

  @Column({ type: 'varchar', length: 12, default: 'new' })
  status: FeedbackStatus;

  /** The department's answer: shown to whoever holds the receipt (/feedback/{receipt}), so it must name no person. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  answer: string | null;

  @Column({ type: 'uuid', nullable: true })
  handledBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
