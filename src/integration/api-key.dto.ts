import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional } from 'class-validator';
import { CodeList, Int, Text } from '../common/validation';
import { API_KEY_SCOPES, ApiKeyScope } from './api-key.entity';

export class CreateApiKeyDto {
  /** The client system, e.g. 辽宁省政务服务平台、12345 热线、微信小程序. */
  @Text(100, false)
  name: string;

  /** read:published is always included; read:drafts and write:import need departmentCodes. */
  @IsArray({ message: '必须是数组' })
  @ArrayMaxSize(3, { message: '最多 3 项' })
  @ArrayUnique({ message: '不能有重复项' })
  @IsIn(API_KEY_SCOPES as unknown as string[], { each: true, message: `每一项必须是以下之一：${API_KEY_SCOPES.join('、')}` })
  scopes: ApiKeyScope[];

  @CodeList(200)
  departmentCodes?: string[];

  @Int(1, 100_000)
  rateLimitPerMinute?: number;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间' })
  expiresAt?: string;
}

// ── responses (classes, so the OpenAPI plugin describes them) ───────────────────────────────────────────────

/** An API key as the console lists it: never the key itself, only its first characters. */
export class ApiKeyResponse {
  id!: string;
  /** The client system. */
  name!: string;
  /** The key's first 12 characters, to recognise it. */
  prefix!: string;
  scopes!: ApiKeyScope[];
  /** Departments the key acts for (empty for read:published only). */
  departmentCodes!: string[];
  rateLimitPerMinute!: number;
  expiresAt!: string | null;
  revokedAt!: string | null;
  createdAt!: string;
  lastUsedAt!: string | null;
  usageCount!: number;
  /** Neither revoked nor expired. */
  active!: boolean;
}

/** A new key: `key` is shown this once and never again. */
export class CreatedApiKeyResponse {
  /** The secret to send as X-Api-Key. */
  key!: string;
  apiKey!: ApiKeyResponse;
}
