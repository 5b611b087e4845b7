import { IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export class CreateWebhookDto {
  /** The API key (scope read:published) of the client system that receives the deliveries. */
  @IsUUID('4', { message: '必须是 API 密钥的 id（UUID）' })
  apiKeyId!: string;

  /** Where to POST deliveries; its host must be on WEBHOOK_ALLOWED_HOSTS. */
  @IsString({ message: '必须是字符串' })
  @MaxLength(2000, { message: '不能超过 2000 个字符' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: '必须是 http(s) 网址' })
  url!: string;

  /** Start after this change-feed cursor (e.g. an export's X-Change-Cursor); absent = from now on. */
  @IsOptional()
  @IsString({ message: '必须是字符串' })
  @MaxLength(64, { message: '游标无效' })
  since?: string;
}

export class ListWebhooksQueryDto extends PageQueryDto {}

/** A push subscription as the security administrator sees it (never the secret). */
export class WebhookDto {
  id!: string;
  apiKeyId!: string;
  apiKeyName!: string;
  url!: string;
  enabled!: boolean;
  /** The change-feed cursor after the last delivered change. */
  cursor!: string;
  /** Failed attempts of the batch now waiting (0 = healthy). */
  attempts!: number;
  nextAttemptAt!: string;
  lastError!: string | null;
  lastDeliveredAt!: string | null;
  deliveredCount!: number;
  /** Changes not yet delivered. */
  backlog!: number;
  deadLetters!: number;
  createdAt!: string;
}

export class CreatedWebhookDto {
  /** The signing secret: shown only in this response. */
  secret!: string;
  webhook!: WebhookDto;
}

export class WebhookPageDto {
  total!: number;
  page!: number;
  limit!: number;
  items!: WebhookDto[];
}

export class WebhookDeadLetterDto {
  id!: string;
  changeCount!: number;
  attempts!: number;
  lastError!: string;
  createdAt!: string;
  replayedAt!: string | null;
  /** The body that was sent (and is sent again on replay). */
  payload!: Record<string, unknown>;
}

export class WebhookDeadLetterPageDto {
  total!: number;
  page!: number;
  limit!: number;
  items!: WebhookDeadLetterDto[];
}

export class ReplayResultDto {
  delivered!: boolean;
  /** The receiver's status, or why it could not be reached. */
  detail!: string;
}
