import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { CODE_PATTERN } from '../common/validation';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, Feedback, PROBLEMS, RATINGS, STATUS_LABELS } from './feedback.entity';

const oneOf = (values: readonly string[]) => ({ message: `取值必须是以下之一：${values.join('、')}` });
/** Mainland mobile numbers or fixed lines with area code; the only personal data feedback may carry. */
const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

/** What a citizen sends (the matter page's forms, or POST /api/v1/feedback). */
export class CreateFeedbackDto {
  @Matches(CODE_PATTERN, { message: '事项编码格式不正确' })
  matterCode: string;

  @IsIn(FEEDBACK_KINDS, oneOf(FEEDBACK_KINDS))
  kind: 'rating' | 'report';

  /** 好差评: 5 非常满意 … 1 非常不满意 (kind = rating). */
  @ValidateIf((o: CreateFeedbackDto) => o.kind === 'rating')
  @Type(() => Number)
  @IsInt({ message: '请选择满意程度' })
  @Min(1, { message: '请选择满意程度' })
  @Max(5, { message: '请选择满意程度' })
  rating?: number;

  /** 反映问题: outdated, extra_materials, connections, fee, extra_visits, other (kind = report). */
  @ValidateIf((o: CreateFeedbackDto) => o.kind === 'report')
  @IsIn(Object.keys(PROBLEMS), { message: '请选择遇到的问题' })
  problem?: string;

  @IsOptional()
  @IsString({ message: '必须是文字' })
  @MaxLength(500, { message: '不能超过 500 个字' })
  comment?: string;

  /** Optional: only to be called back. */
  @IsOptional()
  @IsString({ message: '必须是文字' })
  @Matches(PHONE, { message: '请填写 11 位手机号码或带区号的固定电话（例：0416-6612345），或者不填' })
  phone?: string;
}

export class ListFeedbackQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(FEEDBACK_STATUSES, oneOf(FEEDBACK_STATUSES))
  status?: string;

  @IsOptional()
  @IsIn(FEEDBACK_KINDS, oneOf(FEEDBACK_KINDS))
  kind?: string;

  @IsOptional()
  @IsIn(Object.keys(PROBLEMS), oneOf(Object.keys(PROBLEMS)))
  problem?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;

  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  matterCode?: string;
}

export class FeedbackCountsQueryDto {
  @IsOptional()
  @Matches(CODE_PATTERN, { message: '编码格式不正确' })
  departmentCode?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(500, { message: '不能大于 500' })
  limit: number = 100;
}

/** new → in_hand → answered / closed (an answered item may still be closed; nothing goes back to new). */
export class UpdateFeedbackDto {
  @IsIn(['in_hand', 'answered', 'closed'], oneOf(['in_hand', 'answered', 'closed']))
  status: 'in_hand' | 'answered' | 'closed';

  /** Required to mark it answered. Shown to the citizen on /feedback/{receipt}: no names, numbers or other personal data. */
  @ValidateIf((o: UpdateFeedbackDto) => o.status === 'answered' || o.answer !== undefined)
  @IsString({ message: '答复必须是文字' })
  @Matches(/\S/, { message: '答复不能为空' })
  @MaxLength(2000, { message: '不能超过 2000 个字' })
  answer?: string;
}

/** What a citizen's post became. */
export class FeedbackCreated {
  id!: string;
  kind!: string;
  /** 回执码: keep it to see the status and the department's answer at /feedback/{receipt} (GET /api/v1/feedback/{receipt}). */
  receipt!: string;
  /** What happens to the phone number, in words a citizen reads. */
  privacy!: string;
}

export class FeedbackRatingView {
  /** 1 (非常不满意) … 5 (非常满意). */
  code!: number;
  label!: string;
}

export class FeedbackProblemView {
  code!: string;
  label!: string;
}

/** A record's code and name. */
export class CodeNameView {
  code!: string;
  name!: string;
}

export class FeedbackResponse {
  id!: string;
  kind!: string;
  /** The citizen's receipt code (a citizen who calls can name it). */
  receipt!: string;
  rating!: FeedbackRatingView | null;
  problem!: FeedbackProblemView | null;
  comment!: string | null;
  /** Staff see the number only while it is kept (to call back). */
  phone!: string | null;
  matter!: CodeNameView | null;
  department!: CodeNameView | null;
  status!: string;
  answer!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

export class FeedbackPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: FeedbackResponse[];
}

/** Feedback about one matter. */
export class MatterFeedbackCount {
  matter!: CodeNameView;
  department!: CodeNameView;
  ratings!: number;
  averageRating!: number | null;
  /** Ratings 1–2 (不满意, 非常不满意). */
  unsatisfied!: number;
  reports!: number;
  open!: number;
}

export function toFeedbackResponse(f: Feedback): FeedbackResponse {
  return {
    id: f.id,
    kind: f.kind,
    receipt: f.receipt,
    rating: f.rating === null ? null : { code: f.rating, label: RATINGS[String(f.rating)] },
    problem: f.problem === null ? null : { code: f.problem, label: PROBLEMS[f.problem] ?? f.problem },
    comment: f.comment,
    phone: f.phone,
    matter: f.matter ? { code: f.matter.code, name: f.matter.name } : null,
    department: f.department ? { code: f.department.code, name: f.department.name } : null,
    status: f.status,
    answer: f.answer,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

/**
 * What the holder of a receipt sees (/feedback/{receipt}, GET /api/v1/feedback/{receipt}): which matter, what kind,
 * the status and the department's answer. Never the comment or the phone number (PIPL: a receipt can be passed on
 * or seen over a shoulder; the citizen knows what they wrote).
 */
export class FeedbackReceiptResponse {
  receipt!: string;
  kind!: 'rating' | 'report';
  /** The rating (好差评) or the kind of problem (反映问题), as labels. */
  subject!: string;
  matter!: CodeNameView;
  department!: CodeNameView;
  /** new, in_hand, answered, closed */
  status!: string;
  statusLabel!: string;
  answer!: string | null;
  createdAt!: string;
  /** When the department last changed it (null while new). */
  handledAt!: string | null;
}

export function toFeedbackReceiptResponse(f: Feedback): FeedbackReceiptResponse {
  return {
    receipt: f.receipt,
    kind: f.kind,
    subject: f.kind === 'rating' ? `好差评：${RATINGS[String(f.rating)]}` : `反映问题：${PROBLEMS[f.problem ?? ''] ?? f.problem}`,
    matter: { code: f.matter!.code, name: f.matter!.name },
    department: { code: f.department!.code, name: f.department!.name },
    status: f.status,
    statusLabel: STATUS_LABELS[f.status],
    answer: f.answer,
    createdAt: f.createdAt.toISOString(),
    handledAt: f.status === 'new' ? null : f.updatedAt.toISOString(),
  };
}
