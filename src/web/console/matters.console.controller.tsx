import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { allows, ContentAction } from '../../auth/permission-matrix';
import { AppError } from '../../common/app-error';
import { CODE_PATTERN } from '../../common/validation';
import { createValidationPipe } from '../../common/validation.pipe';
import { diffRecords } from '../../workflow/revision-diff';
import { MatterDraftDto } from '../../workflow/workflow.dto';
import { RecordView, RevisionView } from '../../workflow/workflow.dto';
import { WorkflowViewsService } from '../../workflow/workflow-views.service';
import { WorkflowService } from '../../workflow/workflow.service';
import { ListFeedbackQueryDto } from '../../feedback/feedback.dto';
import { FeedbackService } from '../../feedback/feedback.service';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { Field, TextArea } from './fields';
import { ConsolePages, Csrf, Notice, Problem } from './layout';
import { formToMatter, MatterForm, matterToForm, Payload, PART_KEYS } from './matter-form';
import { DiffTable, MatterEditor, ReturnedNotice, StateTag } from './matter-pages';

type Form = Record<string, unknown>;
const KIND = 'matters' as const;
const draftPipe = createValidationPipe(MatterDraftDto);
const EDITABLE = ['draft', 'returned'];

/** Field problems of a refusal: validation details, or the importer's per-record problems (references at submit). */
function problemsOf(e: AppError): Problem[] {
  const d = e.details;
  const list = Array.isArray(d) ? d : d && Array.isArray((d as { problems?: unknown }).problems) ? (d as { problems: Problem[] }).problems : [];
  return list.length ? list.map((p) => ({ field: String(p.field ?? ''), message: String(p.message ?? '') })) : [{ field: '', message: e.message }];
}

function checkCode(code: string): string {
  if (!CODE_PATTERN.test(code)) throw AppError.notFound('MATTER_NOT_FOUND', '事项');
  return code;
}

const can = (actor: Actor, action: ContentAction, owner: string) => allows(actor.role, actor.departmentCodes, action, owner);
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/**
 * The matter pages of the staff console: editor (every repeating part, no JavaScript needed), save with optimistic
 * locking, submit, the reviewer's side-by-side diff with publish / return, history with a diff of any two versions
 * and restore. Every action is one WorkflowService call — the same the JSON API makes — so the permission matrix,
 * the validation and the workflow rules exist once. `allows()` is only asked which buttons to show.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Access('editor', 'reviewer')
@Controller('admin')
export class MattersConsoleController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly views: WorkflowViewsService,
    private readonly pages: ConsolePages,
    private readonly feedback: FeedbackService,
  ) {}

  @Get('work')
  async myWork(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query('done') done?: string) {
    const open = await this.views.list(KIND, { page: 1, limit: 100 }, actor);
    const [fresh, inHand] = await Promise.all(
      (['new', 'in_hand'] as const).map((status) => this.feedback.list(Object.assign(new ListFeedbackQueryDto(), { status, limit: 1 }), actor)),
    );
    const groups =
      actor.role === 'reviewer'
        ? [
            ['submitted', '等待我审核'],
            ['scheduled', '已排期发布'],
          ]
        : [
            ['returned', '退回给我修改'],
            ['draft', '我的草稿'],
            ['submitted', '等待审核'],
            ['scheduled', '已排期发布'],
          ];
    this.pages.send(
      req,
      res,
      200,
      '我的工作',
      { actor, csrf: req.csrfToken },
      <>
        {done === 'password' && <Notice kind="success">新密码已保存。</Notice>}
        {done === 'totp' && <Notice kind="success">双因素认证已启用，下次登录时需要输入动态口令。</Notice>}
        {actor.role === 'editor' && (
          <p>
            <a class="button" href="/admin/matters/new">
              新建事项
            </a>
          </p>
        )}
        <section aria-labelledby="g-feedback">
          <h2 id="g-feedback">群众反馈</h2>
          <p>
            <a href="/admin/feedback?status=new">新反馈 {fresh.total} 条</a> · <a href="/admin/feedback?status=in_hand">处理中 {inHand.total} 条</a>
          </p>
        </section>
        {groups.map(([state, title]) => {
          const rows = open.items.filter((r) => r.state === state);
          return (
            <section key={state} aria-labelledby={`g-${state}`}>
              <h2 id={`g-${state}`}>
                {title}（{rows.length}）
              </h2>
              {rows.length === 0 ? (
                <p class="muted">没有。</p>
              ) : (
                <table class="list">
                  <thead>
                    <tr>
                      <th scope="col">事项</th>
                      <th scope="col">部门</th>
                      <th scope="col">状态</th>
                      <th scope="col">更新时间</th>
                      {state === 'returned' && <th scope="col">退回原因</th>}
                      {state === 'scheduled' && <th scope="col">生效时间</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.code}>
                        <td>
                          <a href={actor.role === 'reviewer' ? `/admin/matters/${r.code}/review` : `/admin/matters/${r.code}`}>{r.title}</a>
                          <br />
                          <span class="muted small">{r.code}</span>
                        </td>
                        <td>{r.departmentCode}</td>
                        <td>
                          <StateTag state={r.state} />
                        </td>
                        <td>{when(r.updatedAt)}</td>
                        {state === 'returned' && <td>{r.returnReason}</td>}
                        {state === 'scheduled' && <td>{when(r.effectiveFrom)}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
      </>,
    );
  }

  // The review queue (every kind, batch publish of an import): review.console.controller.tsx

  // ── editor ──────────────────────────────────────────────────────────────────────────────────────────────

  @Get('matters/new')
  newMatter(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    if (!actor.departmentCodes.some((d) => can(actor, 'create', d))) throw new AppError(403, 'FORBIDDEN', '当前角色无权新建事项');
    this.editor(req, res, actor, 200, { isNew: true, form: matterToForm({}), problems: [], blank: {} });
  }

  @Post('matters/new')
  async create(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const form = formToMatter(body, {}, true);
    const action = typeof body._action === 'string' ? body._action : 'save';
    if (action.startsWith('add:')) return this.editor(req, res, actor, 200, { isNew: true, form, problems: [], blank: this.blankFor(action) });
    let created: RevisionView;
    try {
      const dto = (await draftPipe.transform(form.payload, { type: 'body', metatype: MatterDraftDto })) as object;
      created = await this.workflow.create(KIND, dto, actor);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401) throw e;
      if (e.status === 403) throw e;
      return this.editor(req, res, actor, e.status, { isNew: true, form, problems: problemsOf(e), blank: {} });
    }
    const code = String(form.payload.code);
    if (action === 'submit') return this.submitAfterSave(req, res, actor, code, created.version, form);
    res.redirect(303, `/admin/matters/${code}?saved=1`);
  }

  @Get('matters/:code')
  async edit(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query('saved') saved?: string,
    @Query('submitted') submitted?: string,
  ) {
    const view = await this.views.get(KIND, checkCode(code), actor);
    const base = (view.draft?.payload ?? view.published?.record ?? {}) as Payload;
    const notice = saved ? '草稿已保存。' : submitted ? '已提交审核，审核员会在“待审核”中看到它。' : undefined;
    this.editor(req, res, actor, 200, { view, form: matterToForm(base), problems: [], blank: {}, notice });
  }

  @Post('matters/:code')
  async save(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
    const view = await this.views.get(KIND, checkCode(code), actor);
    const base = (view.draft?.payload ?? view.published?.record ?? {}) as Payload;
    const form = formToMatter(body, base, false);
    const action = typeof body._action === 'string' ? body._action : 'save';
    if (action.startsWith('add:'))
      return this.editor(req, res, actor, 200, { view, form, problems: [], blank: this.blankFor(action), version: this.postedVersion(body) });
    const version = this.postedVersion(body);
    if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
    let saved: RevisionView;
    try {
      const dto = (await draftPipe.transform(form.payload, { type: 'body', metatype: MatterDraftDto })) as object;
      saved = await this.workflow.update(KIND, code, dto, version, actor);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
      if (e.code === 'STALE_VERSION') return this.conflict(req, res, actor, view.code, form);
      return this.editor(req, res, actor, e.status, { view, form, problems: problemsOf(e), blank: {}, version });
    }
    if (action === 'submit') return this.submitAfterSave(req, res, actor, code, saved.version, form);
    res.redirect(303, `/admin/matters/${code}?saved=1`);
  }

  private async submitAfterSave(req: ConsoleRequest, res: Response, actor: Actor, code: string, version: number, form: MatterForm) {
    try {
      await this.workflow.submit(KIND, code, version, actor);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
      const view = await this.views.get(KIND, code, actor);
      return this.editor(req, res, actor, e.status, {
        view,
        form,
        problems: problemsOf(e),
        blank: {},
        notice: '草稿已保存，但还不能提交审核：',
        summaryTitle: '提交前请补全以下内容',
      });
    }
    res.redirect(303, `/admin/matters/${code}?submitted=1`);
  }

  /** Someone saved a newer version: keep what this clerk typed, and show how it differs from what is stored now. */
  private async conflict(req: ConsoleRequest, res: Response, actor: Actor, code: string, form: MatterForm) {
    const now = await this.views.get(KIND, code, actor);
    const stored = (now.draft?.payload ?? now.published?.record ?? {}) as Payload;
    const changes = diffRecords(stored, form.payload);
    this.pages.send(
      req,
      res,
      409,
      '保存冲突',
      { actor, csrf: req.csrfToken },
      <>
        <Notice kind="warning" alert>
          在您编辑期间，有人保存了更新的版本（当前版本 {now.draft?.version ?? now.published?.version}）。您的修改还没有保存。<a href="#difference">查看差异</a>
        </Notice>
        <h2 id="difference">您的修改与已保存版本的差异</h2>
        <DiffTable changes={changes} before="已保存的版本" after="您的修改" caption="差异" />
        <p>请在下面的表单中核对后重新保存（表单已基于最新版本，保留了您的填写）。</p>
        <MatterEditor
          action={`/admin/matters/${code}`}
          csrf={req.csrfToken}
          form={form}
          problems={[]}
          isNew={false}
          version={now.draft?.version ?? now.published?.version}
          departments={actor.departmentCodes}
          blank={{}}
          canSubmit={can(actor, 'submit', now.departmentCode)}
        />
      </>,
    );
  }

  private postedVersion(body: Form): number | undefined {
    return typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : undefined;
  }

  private blankFor(action: string): Record<string, number> {
    const part = action.slice(4);
    return (PART_KEYS as string[]).includes(part) ? { [part]: 1 } : {};
  }

  private editor(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: {
      view?: RecordView;
      form: MatterForm;
      problems: Problem[];
      blank: Record<string, number>;
      isNew?: boolean;
      notice?: string;
      version?: number;
      summaryTitle?: string;
    },
  ) {
    const v = o.view;
    const owner = v?.departmentCode ?? '';
    const state = v?.draft?.state;
    const editable = o.isNew || (can(actor, 'update', owner) && (!state || EDITABLE.includes(state)));
    const title = o.isNew ? '新建事项' : String(o.form.payload.name ?? v?.code);
    const version = o.version ?? v?.draft?.version ?? v?.published?.version;
    this.pages.send(
      req,
      res,
      status,
      title,
      { actor, csrf: req.csrfToken },
      <>
        {v && (
          <p class="meta">
            {state ? (
              <>
                当前草稿：第 {v.draft!.number} 版 <StateTag state={state} />
              </>
            ) : (
              '没有草稿'
            )}
            {v.published && (
              <>
                {' '}
                · 公众可见：
                <StateTag state={v.published.status} />
              </>
            )}
            {' · '}
            <a href={`/admin/matters/${v.code}/history`}>历史版本</a>
            {state === 'submitted' && can(actor, 'publish', owner) && (
              <>
                {' '}
                · <a href={`/admin/matters/${v.code}/review`}>审核</a>
              </>
            )}
          </p>
        )}
        {o.notice && <Notice kind={o.problems.length ? 'warning' : 'success'}>{o.notice}</Notice>}
        {state === 'returned' && <ReturnedNotice reason={v!.draft!.returnReason} />}
        {editable ? (
          <MatterEditor
            action={o.isNew ? '/admin/matters/new' : `/admin/matters/${v!.code}`}
            csrf={req.csrfToken}
            form={o.form}
            problems={o.summaryTitle ? o.problems : o.problems}
            isNew={!!o.isNew}
            version={version}
            departments={actor.departmentCodes}
            blank={o.blank}
            canSubmit={o.isNew ? actor.departmentCodes.some((d) => can(actor, 'submit', d)) : can(actor, 'submit', owner)}
          />
        ) : (
          <>
            {state && ['submitted', 'scheduled'].includes(state) && <p>此事项正在审核流程中（{state === 'submitted' ? '待审核' : '已排期'}），不能修改。</p>}
            {state && ['submitted', 'scheduled'].includes(state) && can(actor, 'withdraw', owner) && (
              <form method="post" action={`/admin/matters/${v!.code}/withdraw`}>
                <Csrf token={req.csrfToken} />
                <input type="hidden" name="version" value={String(v!.draft!.version)} />
                <button type="submit" class="button secondary">
                  撤回修改
                </button>
              </form>
            )}
            <pre class="record" tabIndex={0} role="region" aria-label="草稿内容">
              {JSON.stringify(o.form.payload, null, 2)}
            </pre>
          </>
        )}
      </>,
    );
  }

  @Post('matters/:code/withdraw')
  async withdraw(@Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
    const version = this.postedVersion(body);
    if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
    await this.workflow.withdraw(KIND, checkCode(code), version, actor);
    res.redirect(303, `/admin/matters/${code}`);
  }

  // ── review ──────────────────────────────────────────────────────────────────────────────────────────────

  @Get('matters/:code/review')
  async review(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Query('done') done?: string) {
    await this.reviewPage(req, res, actor, checkCode(code), 200, [], done);
  }

  private async reviewPage(req: ConsoleRequest, res: Response, actor: Actor, code: string, status: number, problems: Problem[], done?: string) {
    const view = await this.views.get(KIND, code, actor);
    const draft = view.draft;
    const history = await this.views.history(KIND, code, actor);
    const published = history[0];
    const changes = draft
      ? published
        ? (await this.views.diff(KIND, code, published.number, draft.number, actor)).changes
        : diffRecords(emptied(draft.payload ?? {}), draft.payload)
      : [];
    const owner = view.departmentCode;
    const reviewable = draft?.state === 'submitted';
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    this.pages.send(
      req,
      res,
      status,
      `审核：${String(draft?.payload?.name ?? view.published?.record?.name ?? code)}`,
      { actor, csrf: req.csrfToken },
      <>
        {done === 'published' && <Notice kind="success">已发布。</Notice>}
        {done === 'returned' && <Notice kind="success">已退回给编辑。</Notice>}
        <p class="meta">
          事项编码 <code>{code}</code> · 部门 {owner} ·{' '}
          {draft ? (
            <>
              第 {draft.number} 版 <StateTag state={draft.state} />
            </>
          ) : (
            '没有待审核的版本'
          )}{' '}
          · <a href={`/admin/matters/${code}/history`}>历史版本</a>
        </p>
        {draft && (
          <DiffTable
            changes={changes}
            before={published ? `已发布（第 ${published.number} 版）` : '已发布（无，新事项）'}
            after={`提交的版本（第 ${draft.number} 版）`}
            caption="提交的版本与公众当前看到的版本逐字段对比"
          />
        )}
        {reviewable && can(actor, 'publish', owner) && (
          <section aria-labelledby="publish-h">
            <h2 id="publish-h">发布</h2>
            <form method="post" action={`/admin/matters/${code}/publish`} novalidate>
              <Csrf token={req.csrfToken} />
              <input type="hidden" name="version" value={String(draft!.version)} />
              <Field
                name="effectiveFrom"
                label="生效时间（北京时间，可选）"
                hint="不填则立即生效；填写将来的时间则定时发布"
                type="datetime-local"
                error={err('effectiveFrom')}
              />
              <button type="submit" class="button">
                审核通过并发布
              </button>
            </form>
          </section>
        )}
        {reviewable && can(actor, 'return', owner) && (
          <section aria-labelledby="return-h">
            <h2 id="return-h">退回修改</h2>
            <form method="post" action={`/admin/matters/${code}/return`} novalidate>
              <Csrf token={req.csrfToken} />
              <input type="hidden" name="version" value={String(draft!.version)} />
              <TextArea name="reason" label="退回原因（编辑会看到）" error={err('reason')} required />
              <button type="submit" class="button warning">
                退回
              </button>
            </form>
          </section>
        )}
      </>,
    );
  }

  @Post('matters/:code/publish')
  async publish(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
    checkCode(code);
    const version = this.postedVersion(body);
    if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
    const local = typeof body.effectiveFrom === 'string' ? body.effectiveFrom.trim() : '';
    if (local && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) {
      return this.reviewPage(req, res, actor, code, 400, [{ field: 'effectiveFrom', message: '时间格式应为 2026-12-01T09:00' }]);
    }
    try {
      await this.workflow.publish(KIND, code, version, local ? { effectiveFrom: `${local}:00+08:00` } : {}, actor);
    } catch (e) {
      if (!(e instanceof AppError) || ![400, 409, 422].includes(e.status)) throw e;
      return this.reviewPage(req, res, actor, code, e.status, [{ field: 'effectiveFrom', message: e.message }]);
    }
    res.redirect(303, `/admin/matters/${code}/review?done=published`);
  }

  @Post('matters/:code/return')
  async returnToEditor(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
    checkCode(code);
    const version = this.postedVersion(body);
    if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason) return this.reviewPage(req, res, actor, code, 400, [{ field: 'reason', message: '请写明退回原因' }]);
    if (reason.length > 500) return this.reviewPage(req, res, actor, code, 400, [{ field: 'reason', message: '长度不能超过 500 个字符' }]);
    await this.workflow.returnToEditor(KIND, code, version, reason, actor);
    res.redirect(303, `/admin/matters/${code}/review?done=returned`);
  }

  // ── history ─────────────────────────────────────────────────────────────────────────────────────────────

  @Get('matters/:code/history')
  async history(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('restored') restored?: string,
  ) {
    const view = await this.views.get(KIND, checkCode(code), actor);
    const versions = await this.views.history(KIND, code, actor);
    const all = [...(view.draft ? [{ ...view.draft, open: true }] : []), ...versions.map((v) => ({ ...v, open: false }))];
    const num = (s?: string) => (s && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
    const a = num(from);
    const b = num(to);
    const diff = a && b ? await this.views.diff(KIND, code, a, b, actor) : null;
    const options = all.map((r) => [String(r.number), `第 ${r.number} 版（${r.open ? STATE(r.state) : '已发布'}）`] as const);
    this.pages.send(
      req,
      res,
      200,
      `历史版本：${String(view.draft?.payload?.name ?? view.published?.record?.name ?? code)}`,
      { actor, csrf: req.csrfToken },
      <>
        {restored && (
          <Notice kind="success">
            已用第 {restored} 版新建草稿。<a href={`/admin/matters/${code}`}>去编辑</a>
          </Notice>
        )}
        <p class="meta">
          <a href={`/admin/matters/${code}`}>返回事项</a>
        </p>
        <table class="list">
          <caption>每一个版本</caption>
          <thead>
            <tr>
              <th scope="col">版本</th>
              <th scope="col">状态</th>
              <th scope="col">创建</th>
              <th scope="col">提交</th>
              <th scope="col">发布</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {all.map((r) => (
              <tr key={r.number}>
                <td>第 {r.number} 版</td>
                <td>
                  <StateTag state={r.state} />
                  {r.returnReason && (
                    <>
                      <br />
                      <span class="small">退回原因：{r.returnReason}</span>
                    </>
                  )}
                </td>
                <td>{when(r.createdAt)}</td>
                <td>{when(r.submittedAt)}</td>
                <td>{when(r.publishedAt)}</td>
                <td>
                  {!r.open && can(actor, 'restore', view.departmentCode) && (
                    <form method="post" action={`/admin/matters/${code}/restore`} class="inline">
                      <Csrf token={req.csrfToken} />
                      <input type="hidden" name="number" value={String(r.number)} />
                      <button type="submit" class="button secondary small">
                        以此版本新建草稿
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>比较两个版本</h2>
        <form method="get" action={`/admin/matters/${code}/history`} class="compare">
          <div class="field">
            <label for="from">从</label>
            <select id="from" name="from">
              {options.map(([v, l]) => (
                <option key={v} value={v} selected={Number(v) === a}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="to">到</label>
            <select id="to" name="to">
              {options.map(([v, l]) => (
                <option key={v} value={v} selected={Number(v) === b}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button secondary">
            比较
          </button>
        </form>
        {diff && (
          <DiffTable changes={diff.changes} before={`第 ${diff.from} 版`} after={`第 ${diff.to} 版`} caption={`第 ${diff.from} 版与第 ${diff.to} 版的差异`} />
        )}
      </>,
    );
  }

  @Post('matters/:code/restore')
  async restore(@Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
    const number = typeof body.number === 'string' && /^\d{1,6}$/.test(body.number) ? Number(body.number) : undefined;
    if (number === undefined) throw AppError.badRequest('number', '必须是版本号');
    await this.workflow.restore(KIND, checkCode(code), number, actor);
    res.redirect(303, `/admin/matters/${code}/history?restored=${number}`);
  }
}

/** The same shape with nothing in it, so a new record's diff lists every field and list item one by one. */
function emptied(v: unknown): unknown {
  if (Array.isArray(v)) return [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .map(([k, x]) => [k, emptied(x)])
        .filter(([, x]) => x !== undefined),
    );
  return undefined;
}

const STATE = (s: string) => (({ draft: '草稿', returned: '已退回', submitted: '待审核', scheduled: '已排期' }) as Record<string, string>)[s] ?? s;
