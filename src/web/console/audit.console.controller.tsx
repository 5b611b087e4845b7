import { Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AuditQueryService } from '../../audit/audit-query.service';
import { sendAuditExport } from '../../audit/audit-export';
import { AuditExportDto, AuditFilterDto } from '../../audit/audit.dto';
import { pageQuery } from '../page-request';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { Field, Select } from './fields';
import { ConsolePages, Notice, PostButton } from './layout';

const RESULTS = [
  ['success', '成功'],
  ['denied', '拒绝'],
  ['failure', '失败'],
] as const;
const when = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * The audit administrator's pages: query the trail (the same DTO and AuditQueryService as GET /api/v1/admin/audit,
 * so each query is audited too) and verify the hash chain (a POST: verifying writes its own audit record).
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Access('auditor')
@Controller('admin/audit')
export class AuditConsoleController {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>) {
    const q = await pageQuery(AuditFilterDto, { limit: '50', ...raw });
    const found = await this.audit.query(q, actor);
    const s = (v: unknown) => (typeof v === 'string' ? v : '');
    // The export takes the same filter as the list (every matching record, not only this page).
    const filter = new URLSearchParams(
      Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && !['page', 'limit', 'format'].includes(e[0])),
    );
    const exportHref = (format: string) => `/admin/audit/export?${new URLSearchParams([...filter, ['format', format]]).toString()}`;
    this.pages.send(
      req,
      res,
      200,
      '审计记录',
      { actor, csrf: req.csrfToken },
      <>
        <PostButton action="/admin/audit/verify" csrf={req.csrfToken} buttonClass="button">
          校验哈希链
        </PostButton>
        <h2>查询</h2>
        <form method="get" action="/admin/audit" class="compare">
          <Field name="actorLogin" label="登录名" value={s(raw.actorLogin)} />
          <Field name="action" label="操作（如 matter. 或 matter.publish）" value={s(raw.action)} />
          <Field name="objectId" label="对象（编码或 ID）" value={s(raw.objectId)} />
          <Select name="result" label="结果" value={s(raw.result)} options={RESULTS} empty="（全部）" />
          <button type="submit" class="button secondary">
            查询
          </button>
        </form>
        <p class="downloads">
          导出当前查询的全部 {found.total} 条记录：<a href={exportHref('csv')}>CSV（表格软件）</a> · <a href={exportHref('ndjson')}>NDJSON（每行一条 JSON）</a>
        </p>
        <table class="list">
          <caption>
            共 {found.total} 条，按时间倒序（本页 {found.items.length} 条）
          </caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">用户（角色）</th>
              <th scope="col">来源 IP</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">结果</th>
            </tr>
          </thead>
          <tbody>
            {found.items.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>
                  {r.actorLogin}
                  {r.actorRole ? `（${r.actorRole}）` : ''}
                </td>
                <td>{r.ip}</td>
                <td>{r.action}</td>
                <td>
                  {r.objectType} {r.objectId}
                </td>
                <td>{RESULTS.find(([k]) => k === r.result)?.[1] ?? r.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  }

  /** The download of the current query: the same DTO, service and writer as GET /api/v1/admin/audit/export (audited as audit.export). */
  @Get('export')
  async export(@Res() res: Response, @CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>) {
    const q = await pageQuery(AuditExportDto, raw);
    await sendAuditExport(res, await this.audit.export(q, actor), q.format);
  }

  @Post('verify')
  async verify(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    const result = await this.audit.verify(actor);
    this.pages.send(
      req,
      res,
      200,
      '审计哈希链校验',
      { actor, csrf: req.csrfToken },
      <>
        {result.ok ? (
          <Notice kind="success">哈希链完整：校验了 {result.checked} 条记录，没有发现被改动、删除或插入的记录。</Notice>
        ) : (
          <Notice kind="warning" alert>
            发现 {result.problems.length} 处问题（共校验 {result.checked} 条）。
          </Notice>
        )}
        {!result.ok && (
          <table class="list">
            <caption>出问题的记录</caption>
            <thead>
              <tr>
                <th scope="col">问题</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.map((p, i) => (
                <tr key={i}>
                  <td>{JSON.stringify(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href="/admin/audit">返回审计记录</a>
        </p>
      </>,
    );
  }
}
