import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { scopeOf } from '../../auth/permission-matrix';
import { AppError } from '../../common/app-error';
import { CODE_PATTERN } from '../../common/validation';
import { KINDS } from '../../exchange/catalogue-kinds';
import { ImportBatch, ImportBatchesService } from '../../workflow/import-batches.service';
import { WORKFLOW_KINDS, WorkflowKind } from '../../workflow/revision.entity';
import { WorkflowBatchService } from '../../workflow/workflow-batch.service';
import { RevisionListItem, RevisionView } from '../../workflow/workflow.dto';
import { WorkflowViewsService } from '../../workflow/workflow-views.service';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { shownOnForm, problemsOf, text, when } from './console-forms';
import { Field, TextArea } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, Problem } from './layout';
import { StateTag } from './matter-pages';

/** WorkflowBatchService's (and the API's BatchDto's) limit: one transaction of at most 500 steps. */
const MAX_BATCH = 500;
type Form = Record<string, unknown>;
type Row = RevisionListItem & { kind: WorkflowKind };

/** Where a reviewer reads one record (content.console.controller.tsx: /admin/matters|guides|bundles/:code/review). */
const reviewHref = (r: Row) => `/admin/${r.kind}/${r.code}/review`;
const importLabel = (b: ImportBatch) => {
  const n = Object.values(b.counts).reduce((s, c) => s + c.created + c.updated, 0);
  return `${when(b.at)} · ${b.login ?? ''} · ${b.filename ?? b.format ?? ''}（新增或修改 ${n} 条）`;
};

/**
 * The review queue: what is submitted in every content kind, optionally only the records of one import, and the
 * batch step on the records selected — publish (now or at a time) or return with a reason — through
 * WorkflowBatchService: one transaction, all or nothing, at most 500 records, the first refusal named in the answer.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin/review')
export class ReviewConsoleController {
  constructor(
    private readonly views: WorkflowViewsService,
    private readonly batches: WorkflowBatchService,
    private readonly imports: ImportBatchesService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  @Access('editor', 'reviewer')
  async queue(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Query('import') importId?: string,
    @Query('select') select?: string,
  ) {
    await this.render(req, res, actor, 200, {
      importId: typeof importId === 'string' ? importId : undefined,
      selectAll: select === 'all' || (!!importId && select !== 'none'),
    });
  }

  @Post('batch')
  @Access('reviewer')
  async batch(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const importId = text(body.import) || undefined;
    const action = body._action === 'return' ? 'return' : body._action === 'publish' ? 'publish' : undefined;
    if (!action) throw AppError.badRequest('_action', '请选择“发布”或“退回”');
    const picked = ([] as unknown[]).concat(body.item ?? []).filter((v): v is string => typeof v === 'string');
    const again = (status: number, problems: Problem[], selected: string[]) =>
      this.render(req, res, actor, status, { importId, problems, selected, reason: text(body.reason), effectiveFrom: text(body.effectiveFrom) });
    const items = picked.map(parseItem);
    if (!items.length || items.some((i) => !i)) return again(400, [{ field: 'item', message: '请至少选择一项' }], picked);
    if (items.length > MAX_BATCH) return again(400, [{ field: 'item', message: `一次最多 ${MAX_BATCH} 项，请分批处理` }], picked);
    const reason = text(body.reason);
    const local = text(body.effectiveFrom);
    if (action === 'return' && !reason) return again(400, [{ field: 'reason', message: '请写明退回原因（编辑会看到）' }], picked);
    if (reason.length > 500) return again(400, [{ field: 'reason', message: '长度不能超过 500 个字符' }], picked);
    if (action === 'publish' && local && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) {
      return again(400, [{ field: 'effectiveFrom', message: '时间格式应为 2026-12-01T09:00' }], picked);
    }
    const groups = WORKFLOW_KINDS.map((kind) => ({
      kind,
      items: items.filter((i) => i!.kind === kind).map((i) => ({ code: i!.code, version: i!.version })),
    })).filter((g) => g.items.length);
    let done: RevisionView[][];
    try {
      done = await this.batches.batchKinds(
        groups,
        action === 'return' ? { action, reason } : { action, effectiveFrom: local ? `${local}:00+08:00` : undefined },
        actor,
      );
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      return again(e.status, [{ field: '', message: e.message }, ...problemsOf(e).filter((p) => p.field && p.message !== e.message)], picked);
    }
    const rows = groups.flatMap((g, i) => g.items.map((item, j) => ({ kind: g.kind, code: item.code, view: done[i][j] })));
    const verb = action === 'return' ? '退回' : '发布';
    this.pages.send(
      req,
      res,
      200,
      `批量${verb}结果`,
      { actor, csrf: req.csrfToken },
      <>
        <Notice kind="success">
          已{verb} {rows.length} 项{action === 'publish' && rows.some((r) => r.view.state === 'scheduled') ? '（其中有定时生效的，到时自动公开）' : ''}。
        </Notice>
        <table class="list">
          <caption>本次处理的记录</caption>
          <thead>
            <tr>
              <th scope="col">类型</th>
              <th scope="col">编码</th>
              <th scope="col">版本</th>
              <th scope="col">状态</th>
              <th scope="col">生效时间</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.kind}:${r.code}`}>
                <td>{KINDS[r.kind].label}</td>
                <td>
                  <a href={`/admin/${r.kind}/${r.code}/history`}>{r.code}</a>
                </td>
                <td>第 {r.view.number} 版</td>
                <td>
                  <StateTag state={r.view.state} />
                </td>
                <td>{when(r.view.effectiveFrom ?? r.view.publishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={importId ? `/admin/review?import=${encodeURIComponent(importId)}` : '/admin/review'}>返回待审核</a>
        </p>
      </>,
    );
  }

  private async render(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: { importId?: string; selectAll?: boolean; problems?: Problem[]; selected?: string[]; reason?: string; effectiveFrom?: string },
  ) {
    const batch = o.importId ? await this.imports.get(o.importId) : null;
    if (o.importId && !batch) throw new AppError(404, 'IMPORT_NOT_FOUND', '没有这次导入的记录');
    const codes = batch ? await this.imports.codes(batch.id) : undefined;
    const recent = await this.imports.recent();
    const rows: Row[] = [];
    let total = 0;
    for (const kind of WORKFLOW_KINDS) {
      if (codes && !codes.get(kind)?.length) continue;
      const page = await this.views.list(kind, { state: 'submitted', codes: codes?.get(kind), page: 1, limit: MAX_BATCH }, actor);
      total += page.total;
      rows.push(...page.items.map((r) => ({ ...r, kind })));
    }
    const shown = rows.slice(0, MAX_BATCH);
    const decides = scopeOf(actor.role, 'publish') !== undefined;
    const problems = o.problems ?? [];
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    const checked = (r: Row) => (o.selected ? o.selected.includes(itemValue(r)) : !!o.selectAll);
    this.pages.send(
      req,
      res,
      status,
      '待审核',
      { actor, csrf: req.csrfToken },
      <>
        <ErrorSummary problems={problems.map((p) => ({ ...p, label: LABELS[p.field] }))} title="没有处理，请修改以下问题" />
        <form method="get" action="/admin/review" class="compare">
          <div class="field">
            <label for="import">导入批次</label>
            <select id="import" name="import">
              <option value="">全部待审核</option>
              {recent.map((b) => (
                <option key={b.id} value={b.id} selected={b.id === batch?.id}>
                  {importLabel(b)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button secondary">
            筛选
          </button>
        </form>
        {batch && (
          <p class="meta">
            本次导入：{importLabel(batch)}；其中待审核的 {total} 项。
          </p>
        )}
        {shown.length === 0 ? (
          <p>没有待审核的记录。</p>
        ) : (
          <form method="post" action="/admin/review/batch" novalidate>
            <Csrf token={req.csrfToken} />
            {batch && <input type="hidden" name="import" value={batch.id} />}
            {total > shown.length && (
              <Notice kind="warning">
                共 {total} 项，这里列出前 {shown.length} 项（一次最多处理 {MAX_BATCH} 项）。
              </Notice>
            )}
            {decides && (
              <p>
                <a href={`/admin/review?select=all${batch ? `&import=${batch.id}` : ''}`}>全部选中</a>
                {' · '}
                <a href={`/admin/review?select=none${batch ? `&import=${batch.id}` : ''}`}>全部不选</a>
              </p>
            )}
            <table class={`list${err('item') ? ' field-invalid' : ''}`} id="f-item" tabIndex={-1}>
              <caption>
                待审核的记录（{shown.length}）{err('item') && <span class="field-error"> {err('item')}</span>}
              </caption>
              <thead>
                <tr>
                  {decides && <th scope="col">选择</th>}
                  <th scope="col">名称</th>
                  <th scope="col">类型</th>
                  <th scope="col">部门</th>
                  <th scope="col">提交时间</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => {
                  const id = `item-${r.kind}-${r.code}`;
                  const href = reviewHref(r);
                  return (
                    <tr key={id}>
                      {decides && (
                        <td>
                          <input type="checkbox" id={id} name="item" value={itemValue(r)} checked={checked(r)} />
                          <label for={id} class="visually-hidden">
                            选择“{r.title}”
                          </label>
                        </td>
                      )}
                      <td>
                        <a href={href}>{r.title}</a>
                        <br />
                        <span class="muted small">{r.code}</span>
                      </td>
                      <td>{KINDS[r.kind].label}</td>
                      <td>{r.departmentCode}</td>
                      <td>{when(r.submittedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {decides && (
              <div class="batch-actions">
                <section aria-labelledby="batch-publish-h">
                  <h2 id="batch-publish-h">发布所选</h2>
                  <Field
                    name="effectiveFrom"
                    label="生效时间（北京时间，可选）"
                    hint="不填则立即生效；填写将来的时间则定时发布"
                    type="datetime-local"
                    value={o.effectiveFrom}
                    error={err('effectiveFrom')}
                  />
                  <button type="submit" name="_action" value="publish" class="button">
                    审核通过并发布所选
                  </button>
                </section>
                <section aria-labelledby="batch-return-h">
                  <h2 id="batch-return-h">退回所选</h2>
                  <TextArea name="reason" label="退回原因（编辑会看到，只在退回时需要）" value={o.reason} error={err('reason')} />
                  <button type="submit" name="_action" value="return" class="button warning">
                    退回所选
                  </button>
                </section>
                <p class="muted small">整批在一个事务中处理：任何一项不能处理，整批都不会修改，并指出是哪一项。</p>
              </div>
            )}
          </form>
        )}
      </>,
    );
  }
}

const LABELS: Record<string, string> = { item: '选择', reason: '退回原因', effectiveFrom: '生效时间' };

const itemValue = (r: Row) => `${r.kind}:${r.code}:${r.version}`;

function parseItem(v: string): { kind: WorkflowKind; code: string; version: number } | undefined {
  const [kind, code, version] = v.split(':');
  if (!(WORKFLOW_KINDS as readonly string[]).includes(kind) || !CODE_PATTERN.test(code ?? '') || !/^\d{1,9}$/.test(version ?? '')) return undefined;
  return { kind: kind as WorkflowKind, code, version: Number(version) };
}
