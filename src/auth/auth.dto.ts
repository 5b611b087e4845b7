import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { Bool, CodeList, Int, OneOf, Text } from '../common/validation';
import { APPROVAL_ACTIONS, APPROVAL_STATUSES, ApprovalAction, ApprovalStatus } from './account.entity';
import { Role, ROLES } from './roles';

const must = (message: string) => ({ message });

export class SignInDto {
  @ApiProperty({ example: 'sysadmin' })
  @IsString(must('必须是字符串'))
  @MaxLength(128, must('长度不能超过 128 个字符'))
  login: string;

  @ApiProperty()
  @IsString(must('必须是字符串'))
  @MaxLength(256, must('长度不能超过 256 个字符'))
  password: string;

  @ApiPropertyOptional({ description: '已绑定双因素的账号必须与密码一起提交 6 位动态口令（缺少时与密码错误的回答相同）' })
  @IsOptional()
  @IsString(must('必须是字符串'))
  @Matches(/^\d{6}$/, must('必须是 6 位数字'))
  totp?: string;
}

export class ChangePasswordDto {
  @IsString(must('必须是字符串'))
  @MaxLength(256, must('长度不能超过 256 个字符'))
  currentPassword: string;

  @IsString(must('必须是字符串'))
  @MaxLength(256, must('长度不能超过 256 个字符'))
  newPassword: string;
}

export class TotpCodeDto {
  @IsString(must('必须是字符串'))
  @Matches(/^\d{6}$/, must('必须是 6 位数字'))
  code: string;
}

export class CreateAccountDto {
  /** 3–64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit. */
  @ApiProperty({ example: 'zhang.wei' })
  @IsString(must('必须是字符串'))
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, must('登录名须为 3–64 位小写字母、数字、点、下划线或连字符'))
  login: string;

  @Text(100, false)
  displayName: string;
}

export class UpdateAccountDto {
  @Text(100)
  displayName?: string;

  @Bool()
  disabled?: boolean;
}

export class AssignRoleDto {
  @ApiPropertyOptional({ enum: ROLES, nullable: true, description: 'null = 收回角色' })
  @OneOf(ROLES) // optional: absent or null withdraws the role
  role?: (typeof ROLES)[number] | null;

  @ApiPropertyOptional({ type: [String], description: '部门编辑可维护的部门编码' })
  @CodeList(200)
  departmentCodes?: string[];
}

export class UpdatePolicyDto {
  @Int(0, 365) passwordMaxAgeDays?: number;
  @Bool() requireTotp?: boolean;
  /** 管理员与审核员必须绑定双因素（默认开启）/ administrators and reviewers must enrol a second factor (on by default) */
  @Bool() requireTotpForPrivileged?: boolean;
  @Int(3, 10) lockoutThreshold?: number;
  @Int(1, 1440) lockoutWindowMinutes?: number;
  @Int(1, 1440) lockoutMinutes?: number;
  @Int(5, 120) idleTimeoutMinutes?: number;
  @Int(15, 1440) sessionMaxMinutes?: number;
}

export class CreateApprovalDto {
  @ApiProperty({ enum: APPROVAL_ACTIONS, description: 'reset-password = 重置密码；disable = 停用账号' })
  @OneOf(APPROVAL_ACTIONS, false)
  action: ApprovalAction;

  @ApiProperty({ description: '被操作的账号 ID（管理员或审核员）' })
  @IsUUID('all', must('必须是账号 ID（UUID）'))
  accountId: string;

  /** 申请理由（审批人据此决定，写入审计） */
  @Text(500, false)
  reason: string;
}

export class ListApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES })
  @OneOf(APPROVAL_STATUSES)
  status?: ApprovalStatus;
}

// ── responses (classes, so the OpenAPI plugin describes them) ───────────────────────────────────────────────

/** A staff account as the API shows it: never the password hash or the TOTP secret. */
export class AccountResponse {
  id!: string;
  login!: string;
  displayName!: string;
  /** Null until a security administrator assigns a role. */
  role!: Role | null;
  roleLabel!: string | null;
  departmentCodes!: string[];
  disabled!: boolean;
  mustChangePassword!: boolean;
  totpEnabled!: boolean;
  passwordChangedAt!: string;
  /** The record's version: send it as If-Match to change the account. */
  version!: number;
  createdAt!: string;
}

/** One page of accounts, ordered by login. */
export class AccountPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: AccountResponse[];
}

/** A new account, or an account whose password was reset: the one-time password is shown this once. */
export class AccountWithPassword {
  account!: AccountResponse;
  /** One-time password; it must be changed at the first sign-in. */
  initialPassword!: string;
}

/** The signed-in account, with what it must do before it may work. */
export class MeResponse extends AccountResponse {
  /** The policy requires a second factor this account has not enabled yet. */
  totpEnrolmentRequired!: boolean;
}

/** A session: send `token` as `Authorization: Bearer <token>`. */
export class SignInResult {
  token!: string;
  expiresAt!: Date;
  /** The session ends after this many minutes without a request. */
  idleTimeoutMinutes!: number;
  mustChangePassword!: boolean;
  totpEnrolmentRequired!: boolean;
}

/** A TOTP secret to add to an authenticator app; enable it with POST /api/v1/auth/totp/enable. */
export class TotpSetupResponse {
  /** Base32 secret. */
  secret!: string;
  /** otpauth:// URI (for a QR code). */
  otpauthUri!: string;
}

/** A request to reset or disable a privileged account, and where it stands (dual control). */
export class ApprovalResponse {
  id!: string;
  action!: ApprovalAction;
  /** The account the request is about. */
  accountId!: string;
  /** That account's version when the request was made (a changed account makes the request stale). */
  accountVersion!: number;
  status!: ApprovalStatus;
  reason!: string;
  /** Account id of the requester. */
  requestedBy!: string;
  requestedAt!: string;
  expiresAt!: string;
  decidedBy!: string | null;
  decidedAt!: string | null;
  executedAt!: string | null;
  /** Past expiresAt and not yet executed or rejected. */
  expired!: boolean;
}

export class ApprovalPage {
  total!: number;
  page!: number;
  limit!: number;
  items!: ApprovalResponse[];
}

/** An executed request: the account after it and, for a password reset, the one-time password (shown this once). */
export class ApprovalExecuted {
  approval!: ApprovalResponse;
  account!: AccountResponse;
  initialPassword?: string;
}

/** The security policy (one for the whole service). Send `version` as If-Match to change it. */
export class SecurityPolicyView {
  id!: number;
  /** Days after which a password must be changed; 0 = never. */
  passwordMaxAgeDays!: number;
  /** Every account must enrol a second factor (TOTP). */
  requireTotp!: boolean;
  /** Administrators (sysadmin, secadmin, auditor) and reviewers must enrol a second factor. */
  requireTotpForPrivileged!: boolean;
  /** Failed sign-ins within lockoutWindowMinutes that lock an account. */
  lockoutThreshold!: number;
  lockoutWindowMinutes!: number;
  lockoutMinutes!: number;
  idleTimeoutMinutes!: number;
  sessionMaxMinutes!: number;
  version!: number;
  updatedAt!: Date;
}
