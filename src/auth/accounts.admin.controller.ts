import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/uuid-param';
import { versionFromIfMatch } from '../common/if-match';
import { Access, CurrentActor } from './access.decorator';
import type { Actor } from './actor';
import { AccountsService } from './accounts.service';
import {
  AccountPage,
  AccountResponse,
  AccountWithPassword,
  AssignRoleDto,
  CreateAccountDto,
  SecurityPolicyView,
  UpdateAccountDto,
  UpdatePolicyDto,
} from './auth.dto';
import { rolesFor } from './permission-matrix';

@ApiTags('admin: accounts 账号与安全策略')
@ApiConflictResponse({ description: '版本已过期 STALE_VERSION' })
@Controller('api/v1/admin')
export class AccountsAdminController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('accounts')
  @Access(...rolesFor('list-accounts'))
  @ApiOperation({ summary: '账号列表，按登录名排序，分页 {total,page,limit,items}' })
  list(@Query() q: PageQueryDto): Promise<AccountPage> {
    return this.accounts.list(q);
  }

  @Get('accounts/:id')
  @Access(...rolesFor('list-accounts'))
  get(@Param('id', UuidParam) id: string): Promise<AccountResponse> {
    return this.accounts.get(id);
  }

  @Post('accounts')
  @Access(...rolesFor('create-account'))
  @ApiOperation({ summary: '创建账号（无角色；返回一次性初始密码，首次登录须修改）' })
  create(@Body() dto: CreateAccountDto, @CurrentActor() actor: Actor): Promise<AccountWithPassword> {
    return this.accounts.create(dto, actor);
  }

  @Patch('accounts/:id')
  @Access(...rolesFor('update-account'))
  @ApiOperation({ summary: '修改显示名或停用/启用账号（停用立即结束其会话；停用管理员或审核员须经审批 APPROVAL_REQUIRED）' })
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateAccountDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AccountResponse> {
    return this.accounts.update(id, dto, versionFromIfMatch(ifMatch), actor);
  }

  @Post('accounts/:id/reset-password')
  @Access(...rolesFor('reset-password'))
  @ApiOperation({ summary: '重置密码，返回一次性密码（管理员或审核员的账号须经审批：403 APPROVAL_REQUIRED，见 /admin/approvals）' })
  resetPassword(
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AccountWithPassword> {
    return this.accounts.resetPassword(id, versionFromIfMatch(ifMatch), actor);
  }

  @Put('accounts/:id/role')
  @Access(...rolesFor('assign-role'))
  @ApiOperation({ summary: '分配角色与部门（立即结束该账号的会话）' })
  assignRole(
    @Param('id', UuidParam) id: string,
    @Body() dto: AssignRoleDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AccountResponse> {
    return this.accounts.assignRole(id, dto, versionFromIfMatch(ifMatch), actor);
  }

  @Post('accounts/:id/reset-totp')
  @Access(...rolesFor('reset-totp'))
  resetTotp(@Param('id', UuidParam) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<AccountResponse> {
    return this.accounts.resetTotp(id, versionFromIfMatch(ifMatch), actor);
  }

  @Get('security-policy')
  @Access('secadmin', 'sysadmin', 'auditor')
  policy(): Promise<SecurityPolicyView> {
    return this.accounts.getPolicy();
  }

  @Put('security-policy')
  @Access('secadmin')
  updatePolicy(@Body() dto: UpdatePolicyDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<SecurityPolicyView> {
    return this.accounts.updatePolicy(dto, versionFromIfMatch(ifMatch), actor);
  }
}
