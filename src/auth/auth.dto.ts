import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Bool, CodeList, Int, OneOf, Text } from '../common/validation';
import { ROLES } from './roles';

const must = (message: string) => ({ message });

export class SignInDto {
  @ApiProperty({ example: 'sysadmin' })
  @IsString(must('必须是字符串')) @MaxLength(128, must('长度不能超过 128 个字符'))
  login: string;

  @ApiProperty()
  @IsString(must('必须是字符串')) @MaxLength(256, must('长度不能超过 256 个字符'))
  password: string;

  @ApiPropertyOptional({ description: '已启用双因素时的 6 位动态口令' })
  @IsOptional() @IsString(must('必须是字符串')) @Matches(/^\d{6}$/, must('必须是 6 位数字'))
  totp?: string;
}

export class ChangePasswordDto {
  @IsString(must('必须是字符串')) @MaxLength(256, must('长度不能超过 256 个字符'))
  currentPassword: string;

  @IsString(must('必须是字符串')) @MaxLength(256, must('长度不能超过 256 个字符'))
  newPassword: string;
}

export class TotpCodeDto {
  @IsString(must('必须是字符串')) @Matches(/^\d{6}$/, must('必须是 6 位数字'))
  code: string;
}

export class CreateAccountDto {
  /** 3–64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit. */
  @ApiProperty({ example: 'zhang.wei' })
  @IsString(must('必须是字符串')) @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, must('登录名须为 3–64 位小写字母、数字、点、下划线或连字符'))
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
  @Int(3, 10) lockoutThreshold?: number;
  @Int(1, 1440) lockoutWindowMinutes?: number;
  @Int(1, 1440) lockoutMinutes?: number;
  @Int(5, 120) idleTimeoutMinutes?: number;
  @Int(15, 1440) sessionMaxMinutes?: number;
}
