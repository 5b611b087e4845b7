import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { Access, CurrentActor } from './access.decorator';
import type { Actor } from './actor';
import { ApprovalsService } from './approvals.service';
import { ApprovalExecuted, ApprovalPage, ApprovalResponse, CreateApprovalDto, ListApprovalsQueryDto } from './auth.dto';
import { rolesFor } from './permission-matrix';

@ApiTags('admin: approvals 特权账号操作的双人审批')
@ApiConflictResponse({ description: '申请状态不对 APPROVAL_STATE、已失效 APPROVAL_EXPIRED、已有同类申请 APPROVAL_EXISTS、账号已变 STALE_VERSION' })
@Controller('api/v1/admin/approvals')
export class ApprovalsAdminController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @Access(...rolesFor('list-approvals'))
  @ApiOperation({ summary: '审批申请列表（status=pending 为待审批）' })
  list(@Query() q: ListApprovalsQueryDto): Promise<ApprovalPage> {
    return this.approvals.list(q);
  }

  @Get(':id')
  @Access(...rolesFor('list-approvals'))
  get(@Param('id', UuidParam) id: string): Promise<ApprovalResponse> {
    return this.approvals.get(id);
  }

  @Post()
  @Access(...rolesFor('request-approval'))
  @ApiOperation({ summary: '申请重置管理员或审核员的密码、或停用其账号（须另一名管理员批准后由申请人执行）' })
  request(@Body() dto: CreateApprovalDto, @CurrentActor() actor: Actor): Promise<ApprovalResponse> {
    return this.approvals.request(dto, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Access(...rolesFor('decide-approval'))
  @ApiOperation({ summary: '批准（安全管理员或审计管理员；不能是申请人或被操作的账号本人）' })
  approve(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<ApprovalResponse> {
    return this.approvals.decide(id, true, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Access(...rolesFor('decide-approval'))
  reject(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<ApprovalResponse> {
    return this.approvals.decide(id, false, actor);
  }

  @Post(':id/execute')
  @Access(...rolesFor('execute-approval'))
  @ApiOperation({ summary: '申请人执行已批准的申请；重置密码时一次性密码只在此响应中显示一次' })
  execute(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<ApprovalExecuted> {
    return this.approvals.execute(id, actor);
  }
}
