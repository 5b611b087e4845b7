import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiFileResponse } from '../common/api-file-response';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { sendAuditExport } from './audit-export';
import { AuditQueryService } from './audit-query.service';
import { AuditExportDto, AuditFilterDto, AuditPage, AuditVerifyResult } from './audit.dto';

/** The audit administrator's view of the trail: query, export and verify — each of which is audited too. */
@ApiTags('admin: audit 审计')
@Access('auditor')
@Controller('api/v1/admin/audit')
export class AuditAdminController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: '按用户、对象、操作、时间查询审计记录' })
  query(@Query() q: AuditFilterDto, @CurrentActor() actor: Actor): Promise<AuditPage> {
    return this.audit.query(q, actor);
  }

  @Get('export')
  @ApiOperation({ summary: '导出审计记录（ndjson 或 csv，流式）' })
  @ApiFileResponse('审计记录文件 banshi-audit.ndjson（每行一条，字段同查询结果）或 banshi-audit.csv（UTF-8 BOM）', 'application/x-ndjson', 'text/csv')
  async export(@Query() q: AuditExportDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await sendAuditExport(res, await this.audit.export(q, actor), q.format);
  }

  @Get('verify')
  @ApiOperation({ summary: '校验审计记录哈希链，报告被直接改动、删除或插入的记录' })
  verify(@CurrentActor() actor: Actor): Promise<AuditVerifyResult> {
    return this.audit.verify(actor);
  }
}
