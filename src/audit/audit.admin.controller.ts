import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { once } from 'node:events';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { PageQueryDto } from '../common/pagination';
import { csvField } from '../exchange/spreadsheet-cells';
import { AuditQueryService } from './audit-query.service';

export class AuditFilterDto extends PageQueryDto {
  @IsOptional() @IsUUID('all', { message: '必须是账号 ID（UUID）' })
  actorId?: string;

  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(128, { message: '长度不能超过 128 个字符' })
  actorLogin?: string;

  /** Exact action (matter.publish) or a prefix ending in '.' (matter.). */
  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(64, { message: '长度不能超过 64 个字符' })
  action?: string;

  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(32, { message: '长度不能超过 32 个字符' })
  objectType?: string;

  @IsOptional() @IsString({ message: '必须是字符串' }) @MaxLength(128, { message: '长度不能超过 128 个字符' })
  objectId?: string;

  @IsOptional() @IsIn(['success', 'denied', 'failure'], { message: '取值必须是以下之一：success、denied、failure' })
  result?: 'success' | 'denied' | 'failure';

  @IsOptional() @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间' })
  from?: string;

  @IsOptional() @IsISO8601({ strict: true }, { message: '必须是 ISO 8601 时间' })
  to?: string;
}

export class AuditExportDto extends AuditFilterDto {
  @IsOptional() @IsIn(['ndjson', 'csv'], { message: '取值必须是以下之一：ndjson、csv' })
  format: 'ndjson' | 'csv' = 'ndjson';
}

const CSV_HEADER = ['id', 'at', 'actorLogin', 'actorRole', 'ip', 'requestId', 'action', 'objectType', 'objectId', 'result', 'details', 'hash'] as const;

/** The audit administrator's view of the trail: query, export and verify — each of which is audited too. */
@ApiTags('admin: audit 审计')
@Access('auditor')
@Controller('api/v1/admin/audit')
export class AuditAdminController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({ summary: '按用户、对象、操作、时间查询审计记录' })
  query(@Query() q: AuditFilterDto, @CurrentActor() actor: Actor) {
    return this.audit.query(q, actor);
  }

  @Get('export')
  @ApiOperation({ summary: '导出审计记录（ndjson 或 csv，流式）' })
  async export(@Query() q: AuditExportDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const rows = await this.audit.export(q, actor);
    res.setHeader('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="banshi-audit.${q.format}"`);
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await once(res, 'drain');
    };
    if (q.format === 'csv') await write(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
    for await (const r of rows) {
      if (q.format === 'csv') {
        await write(`${CSV_HEADER.map((k) => csvField(k === 'at' ? r.at.toISOString() : r[k])).join(',')}\r\n`);
      } else {
        await write(`${JSON.stringify(r)}\n`);
      }
    }
    res.end();
  }

  @Get('verify')
  @ApiOperation({ summary: '校验审计记录哈希链，报告被直接改动、删除或插入的记录' })
  verify(@CurrentActor() actor: Actor) {
    return this.audit.verify(actor);
  }
}
