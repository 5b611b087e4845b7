import { Body, Controller, Get, Param, Post, Query, Req, Res, Type, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { allows, ContentAction } from '../../auth/permission-matrix';
import { ROLE_LABELS, Role } from '../../auth/roles';
import { AppError } from '../../common/app-error';
import { CODE_PATTERN } from '../../common/validation';
import { createValidationPipe } from '../../common/validation.pipe';
import { KINDS, notFoundCode } from '../../exchange/catalogue-kinds';
import { diffRecords } from '../../workflow/revision-diff';
import type { WorkflowKind } from '../../workflow/revision.entity';
import { BundleDraftDto, GuideDraftDto, MatterDraftDto, RecordView, RevisionView, WorkflowActivity } from '../../workflow/workflow.dto';
import { WorkflowViewsService } from '../../workflow/workflow-views.service';
import { WorkflowService } from '../../workflow/workflow.service';
import { ConsoleErrorFilter } from './console-error.filter';
import { postedVersion, problemsOf, when } from './console-forms';
import type { ConsoleRequest } from './console-http';
import { BUNDLE_FORM, GUIDE_FORM } from './content-forms';
import { Field, TextArea } from './fields';
import { ConsolePages, Csrf, Notice, PostButton, Problem } from './layout';
import { MatterForm } from './matter-form';
import { DiffTable, EditorWords, MATTER_WORDS, MatterEditor, ReturnedNotice, STATE_LABELS, StateTag } from './matter-pages';
import { formToRecord, Payload, recordToForm } from './record-form';

type Form = Record<string, unknown>;
const EDITABLE = ['draft', 'returned'];

export const can = (actor: Actor, action: ContentAction, owner: string) => allows(actor.role, actor.departmentCodes, action, owner);

/** What one content kind's pages need to know about it. */
export interface ContentKind {
  kind: WorkflowKind;
  /** URL segment under /admin: matters, guides, bundles. */
  path: string;
  dto: Type<object>;
  words: EditorWords;
  /** The payload field that names a record (name, title). */
  titleField: string;
}

export const CONTENT_KINDS: Record<WorkflowKind, ContentKind> = {
  matters: { kind: 'matters', path: 'matters', dto: MatterDraftDto, words: MATTER_WORDS, titleField: 'name' },
  guides: {
    kind: 'guides',
    path: 'guides',
    dto: GuideDraftDto,
    titleField: 'title',
    words: { def: GUIDE_FORM, code: '条目编码', codeHint: '1–64 位数字、字母或连字符，保存后不能修改', department: '所属部门' },
  },
  bundles: {
    kind: 'bundles',
    path: 'bundles',
    dto: BundleDraftDto,
    titleField: 'name',
    words: { def: BUNDLE_FORM, code: '一件事编码', codeHint: '1–64 位数字、字母或连字符，保存后不能修改', department: '牵头部门', departmentOptional: true },
  },
};

const ACTION_LABELS: Record<string, string> = {
  create: '新建草稿',
  update: '保存草稿',
  discard: '放弃草稿',
  submit: '提交审核',
  withdraw: '撤回',
  publish: '审核通过并发布',
  return: '退回修改',
  archive: '下架',
  restore: '以旧版本新建草稿',
};

/** "张伟（部门编辑）保存草稿" for one step of the activity. */
function Step({ a }: { a: WorkflowActivity }) {
  const role = a.role && a.role in ROLE_LABELS ? ROLE_LABELS[a.role as Role] : a.role;
  return (
    <li>
      <time dateTime={a.at}>{when(a.at)}</time> <strong>{a.login ?? '系统（定时任务）'}</strong>
      {`${role ? `（${role}）` : ''}${ACTION_LABELS[a.action] ?? a.action}${a.restoredFrom !== null ? `（来自第 ${a.restoredFrom} 版）` : ''}${a.reason ? `：${a.reason}` : ''}`}
    </li>
  );
}

/**
 * The pages of one content kind (matters, guide entries, bundles) — the same pages over the same services for each:
 * its list of open drafts, the editor (every field and repeating part, no JavaScript needed), save with optimistic
 * locking and a diff on conflict, submit with the completeness errors next to the fields, the reviewer's
 * side-by-side diff with publish / return, history with who did what, a diff of any two versions, and restore.
 * Every action is one WorkflowService call — the same the JSON API makes — so the permission matrix, the validation
 * and the workflow rules exist once. `allows()` is only asked which buttons to show.
 */
export function contentConsoleController(c: ContentKind) {
  const { kind, words } = c;
  const base = `/admin/${c.path}`;
  const label = KINDS[kind].label;
  const draftPipe = createValidationPipe(c.dto);
  const identity = ['code', 'departmentCode'];
  const checkCode = (code: string): string => {
    if (!CODE_PATTERN.test(code)) throw AppError.notFound(notFoundCode(kind), label);
    return code;
  };
  const toForm = (payload: Payload) => recordToForm(words.def, payload);
  const fromPost = (body: Form, stored: Payload, isNew: boolean) => formToRecord(words.def, body, stored, isNew ? identity : []);
  const titleOf = (p: Payload | undefined | null) => (p && p[c.titleField] ? String(p[c.titleField]) : undefined);

  @ApiExcludeController()
  @UseFilters(ConsoleErrorFilter)
  @Access('editor', 'reviewer')
  @Controller(`admin/${c.path}`)
  class ContentConsoleController {
    constructor(
      readonly workflow: WorkflowService,
      readonly views: WorkflowViewsService,
      readonly pages: ConsolePages,
    ) {}

    /** Open drafts of this kind in the actor's scope (matters also appear in 我的工作 and 待审核). */
    @Get()
    async list(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
      const open = await this.views.list(kind, { page: 1, limit: 100 }, actor);
      const creates = actor.departmentCodes.some((d) => can(actor, 'create', d));
      this.pages.send(
        req,
        res,
        200,
        `${label}：待处理的版本`,
        { actor, csrf: req.csrfToken },
        <>
          {creates && (
            <p>
              <a class="button" href={`${base}/new`}>
                新建{label}
              </a>
            </p>
          )}
          {open.items.length === 0 ? (
            <p class="muted">没有待处理的{label}版本。</p>
          ) : (
            <table class="list">
              <caption>共 {open.total} 个</caption>
              <thead>
                <tr>
                  <th scope="col">{label}</th>
                  <th scope="col">部门</th>
                  <th scope="col">状态</th>
                  <th scope="col">更新时间</th>
                </tr>
              </thead>
              <tbody>
                {open.items.map((r) => (
                  <tr key={r.code}>
                    <td>
                      <a href={r.state === 'submitted' && can(actor, 'publish', r.departmentCode) ? `${base}/${r.code}/review` : `${base}/${r.code}`}>
                        {r.title}
                      </a>
                      <br />
                      <span class="muted small">{r.code}</span>
                    </td>
                    <td>{r.departmentCode}</td>
                    <td>
                      <StateTag state={r.state} />
                    </td>
                    <td>{when(r.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>,
      );
    }

    // ── editor ────────────────────────────────────────────────────────────────────────────────────────────

    @Get('new')
    newRecord(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
      if (!actor.departmentCodes.some((d) => can(actor, 'create', d))) throw new AppError(403, 'FORBIDDEN', `当前角色无权新建${label}`);
      this.editor(req, res, actor, 200, { isNew: true, form: toForm({}), problems: [], blank: {} });
    }

    @Post('new')
    async create(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
      const form = fromPost(body, {}, true);
      const action = typeof body._action === 'string' ? body._action : 'save';
      if (action.startsWith('add:')) return this.editor(req, res, actor, 200, { isNew: true, form, problems: [], blank: this.blankFor(action) });
      let created: RevisionView;
      try {
        const dto = (await draftPipe.transform(form.payload, { type: 'body', metatype: c.dto })) as object;
        created = await this.workflow.create(kind, dto, actor);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 403) throw e;
        return this.editor(req, res, actor, e.status, { isNew: true, form, problems: problemsOf(e), blank: {} });
      }
      const code = String(form.payload.code);
      if (action === 'submit') return this.submitAfterSave(req, res, actor, code, created.version, form);
      res.redirect(303, `${base}/${code}?saved=1`);
    }

    @Get(':code')
    async edit(
      @Req() req: ConsoleRequest,
      @Res() res: Response,
      @CurrentActor() actor: Actor,
      @Param('code') code: string,
      @Query('saved') saved?: string,
      @Query('submitted') submitted?: string,
    ) {
      const view = await this.views.get(kind, checkCode(code), actor);
      const stored = (view.draft?.payload ?? view.published?.record ?? {}) as Payload;
      const notice = saved ? '草稿已保存。' : submitted ? '已提交审核，审核员会在待审核列表中看到它。' : undefined;
      this.editor(req, res, actor, 200, { view, form: toForm(stored), problems: [], blank: {}, notice });
    }

    @Post(':code')
    async save(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      const view = await this.views.get(kind, checkCode(code), actor);
      const stored = (view.draft?.payload ?? view.published?.record ?? {}) as Payload;
      const form = fromPost(body, stored, false);
      const action = typeof body._action === 'string' ? body._action : 'save';
      const version = postedVersion(body);
      if (action.startsWith('add:')) return this.editor(req, res, actor, 200, { view, form, problems: [], blank: this.blankFor(action), version });
      if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
      let saved: RevisionView;
      try {
        const dto = (await draftPipe.transform(form.payload, { type: 'body', metatype: c.dto })) as object;
        saved = await this.workflow.update(kind, code, dto, version, actor);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        if (e.code === 'STALE_VERSION') return this.conflict(req, res, actor, view.code, form);
        return this.editor(req, res, actor, e.status, { view, form, problems: problemsOf(e), blank: {}, version });
      }
      if (action === 'submit') return this.submitAfterSave(req, res, actor, code, saved.version, form);
      res.redirect(303, `${base}/${code}?saved=1`);
    }

    async submitAfterSave(req: ConsoleRequest, res: Response, actor: Actor, code: string, version: number, form: MatterForm) {
      try {
        await this.workflow.submit(kind, code, version, actor);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        const view = await this.views.get(kind, code, actor);
        return this.editor(req, res, actor, e.status, { view, form, problems: problemsOf(e), blank: {}, notice: '草稿已保存，但还不能提交审核：' });
      }
      res.redirect(303, `${base}/${code}?submitted=1`);
    }

    /** Someone saved a newer version: keep what this clerk typed, and show how it differs from what is stored now. */
    async conflict(req: ConsoleRequest, res: Response, actor: Actor, code: string, form: MatterForm) {
      const now = await this.views.get(kind, code, actor);
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
            在您编辑期间，有人保存了更新的版本（当前版本 {now.draft?.version ?? now.published?.version}）。您的修改还没有保存。
            <a href="#difference">查看差异</a>
          </Notice>
          <h2 id="difference">您的修改与已保存版本的差异</h2>
          <DiffTable changes={changes} before="已保存的版本" after="您的修改" caption="差异" words={words} />
          <p>请在下面的表单中核对后重新保存（表单已基于最新版本，保留了您的填写）。</p>
          <MatterEditor
            action={`${base}/${code}`}
            csrf={req.csrfToken}
            form={form}
            problems={[]}
            isNew={false}
            version={now.draft?.version ?? now.published?.version}
            departments={actor.departmentCodes}
            blank={{}}
            canSubmit={can(actor, 'submit', now.departmentCode)}
            words={words}
          />
        </>,
      );
    }

    blankFor(action: string): Record<string, number> {
      const part = action.slice(4);
      return words.def.parts.some((p) => p.key === part) ? { [part]: 1 } : {};
    }

    editor(
      req: ConsoleRequest,
      res: Response,
      actor: Actor,
      status: number,
      o: { view?: RecordView; form: MatterForm; problems: Problem[]; blank: Record<string, number>; isNew?: boolean; notice?: string; version?: number },
    ) {
      const v = o.view;
      const owner = v?.departmentCode ?? '';
      const state = v?.draft?.state;
      const editable = o.isNew || (can(actor, 'update', owner) && (!state || EDITABLE.includes(state)));
      const title = o.isNew ? `新建${label}` : (titleOf(o.form.payload) ?? v?.code ?? '');
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
              <a href={`${base}/${v.code}/history`}>历史版本</a>
              {state === 'submitted' && can(actor, 'publish', owner) && (
                <>
                  {' '}
                  · <a href={`${base}/${v.code}/review`}>审核</a>
                </>
              )}
            </p>
          )}
          {o.notice && <Notice kind={o.problems.length ? 'warning' : 'success'}>{o.notice}</Notice>}
          {state === 'returned' && <ReturnedNotice reason={v!.draft!.returnReason} />}
          {editable ? (
            <MatterEditor
              action={o.isNew ? `${base}/new` : `${base}/${v!.code}`}
              csrf={req.csrfToken}
              form={o.form}
              problems={o.problems}
              isNew={!!o.isNew}
              version={version}
              departments={actor.departmentCodes}
              blank={o.blank}
              canSubmit={o.isNew ? actor.departmentCodes.some((d) => can(actor, 'submit', d)) : can(actor, 'submit', owner)}
              words={words}
            />
          ) : (
            <>
              {state && ['submitted', 'scheduled'].includes(state) && (
                <p>
                  此{label}正在审核流程中（{state === 'submitted' ? '待审核' : '已排期'}），不能修改。
                </p>
              )}
              {state && ['submitted', 'scheduled'].includes(state) && can(actor, 'withdraw', owner) && (
                <form method="post" action={`${base}/${v!.code}/withdraw`}>
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

    @Post(':code/withdraw')
    async withdraw(@Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      const version = postedVersion(body);
      if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
      await this.workflow.withdraw(kind, checkCode(code), version, actor);
      res.redirect(303, `${base}/${code}`);
    }

    // ── review ────────────────────────────────────────────────────────────────────────────────────────────

    @Get(':code/review')
    async review(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Query('done') done?: string) {
      await this.reviewPage(req, res, actor, checkCode(code), 200, [], done);
    }

    async reviewPage(req: ConsoleRequest, res: Response, actor: Actor, code: string, status: number, problems: Problem[], done?: string) {
      const view = await this.views.get(kind, code, actor);
      const draft = view.draft;
      const history = await this.views.history(kind, code, actor);
      const published = history[0];
      const changes = draft
        ? published
          ? (await this.views.diff(kind, code, published.number, draft.number, actor)).changes
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
        `审核：${titleOf(draft?.payload) ?? titleOf(view.published?.record) ?? code}`,
        { actor, csrf: req.csrfToken },
        <>
          {done === 'published' && <Notice kind="success">已发布。</Notice>}
          {done === 'returned' && <Notice kind="success">已退回给编辑。</Notice>}
          <p class="meta">
            {words.code.replace(/（.*$/, '')} <code>{code}</code> · 部门 {owner} ·{' '}
            {draft ? (
              <>
                第 {draft.number} 版 <StateTag state={draft.state} />
              </>
            ) : (
              '没有待审核的版本'
            )}{' '}
            · <a href={`${base}/${code}/history`}>历史版本</a>
          </p>
          {draft && (
            <DiffTable
              changes={changes}
              before={published ? `已发布（第 ${published.number} 版）` : `已发布（无，新${label}）`}
              after={`提交的版本（第 ${draft.number} 版）`}
              caption="提交的版本与公众当前看到的版本逐字段对比"
              words={words}
            />
          )}
          {reviewable && can(actor, 'publish', owner) && (
            <section aria-labelledby="publish-h">
              <h2 id="publish-h">发布</h2>
              <form method="post" action={`${base}/${code}/publish`} novalidate>
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
              <form method="post" action={`${base}/${code}/return`} novalidate>
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

    @Post(':code/publish')
    async publish(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      checkCode(code);
      const version = postedVersion(body);
      if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
      const local = typeof body.effectiveFrom === 'string' ? body.effectiveFrom.trim() : '';
      if (local && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) {
        return this.reviewPage(req, res, actor, code, 400, [{ field: 'effectiveFrom', message: '时间格式应为 2026-12-01T09:00' }]);
      }
      try {
        await this.workflow.publish(kind, code, version, local ? { effectiveFrom: `${local}:00+08:00` } : {}, actor);
      } catch (e) {
        if (!(e instanceof AppError) || ![400, 409, 422].includes(e.status)) throw e;
        return this.reviewPage(req, res, actor, code, e.status, [{ field: 'effectiveFrom', message: e.message }]);
      }
      res.redirect(303, `${base}/${code}/review?done=published`);
    }

    @Post(':code/return')
    async returnToEditor(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      checkCode(code);
      const version = postedVersion(body);
      if (version === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
      const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
      if (!reason) return this.reviewPage(req, res, actor, code, 400, [{ field: 'reason', message: '请写明退回原因' }]);
      if (reason.length > 500) return this.reviewPage(req, res, actor, code, 400, [{ field: 'reason', message: '长度不能超过 500 个字符' }]);
      await this.workflow.returnToEditor(kind, code, version, reason, actor);
      res.redirect(303, `${base}/${code}/review?done=returned`);
    }

    // ── history ───────────────────────────────────────────────────────────────────────────────────────────

    @Get(':code/history')
    async history(
      @Req() req: ConsoleRequest,
      @Res() res: Response,
      @CurrentActor() actor: Actor,
      @Param('code') code: string,
      @Query('from') from?: string,
      @Query('to') to?: string,
      @Query('restored') restored?: string,
    ) {
      const view = await this.views.get(kind, checkCode(code), actor);
      const versions = await this.views.history(kind, code, actor);
      const activity = await this.views.activity(kind, code, actor);
      const all = [...(view.draft ? [{ ...view.draft, open: true }] : []), ...versions.map((v) => ({ ...v, open: false }))];
      const num = (s?: string) => (s && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
      const a = num(from);
      const b = num(to);
      const diff = a && b ? await this.views.diff(kind, code, a, b, actor) : null;
      const options = all.map((r) => [String(r.number), `第 ${r.number} 版（${r.open ? (STATE_LABELS[r.state] ?? r.state) : '已发布'}）`] as const);
      const unnumbered = activity.filter((x) => x.number === null || !all.some((r) => r.number === x.number));
      this.pages.send(
        req,
        res,
        200,
        `历史版本：${titleOf(view.draft?.payload) ?? titleOf(view.published?.record) ?? code}`,
        { actor, csrf: req.csrfToken },
        <>
          {restored && (
            <Notice kind="success">
              已用第 {restored} 版新建草稿。<a href={`${base}/${code}`}>去编辑</a>
            </Notice>
          )}
          <p class="meta">
            <a href={`${base}/${code}`}>返回{label}</a>
          </p>
          <table class="list history">
            <caption>每一个版本，以及谁在何时做了什么</caption>
            <thead>
              <tr>
                <th scope="col">版本</th>
                <th scope="col">状态</th>
                <th scope="col">经办记录（谁 · 何时 · 做了什么）</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {all.map((r) => {
                const steps = activity.filter((x) => x.number === r.number);
                return (
                  <tr key={r.number}>
                    <th scope="row">第 {r.number} 版</th>
                    <td>
                      <StateTag state={r.state} />
                      {r.returnReason && (
                        <>
                          <br />
                          <span class="small">退回原因：{r.returnReason}</span>
                        </>
                      )}
                    </td>
                    <td>
                      {steps.length ? (
                        <ol class="activity">
                          {steps.map((x, i) => (
                            <Step key={i} a={x} />
                          ))}
                        </ol>
                      ) : (
                        <span class="muted small">
                          创建于 {when(r.createdAt)}
                          {r.publishedAt ? `，发布于 ${when(r.publishedAt)}` : ''}（导入或早期数据，审计中没有逐步记录）
                        </span>
                      )}
                    </td>
                    <td>
                      {!r.open && can(actor, 'restore', view.departmentCode) && (
                        <PostButton
                          action={`${base}/${code}/restore`}
                          csrf={req.csrfToken}
                          buttonClass="button secondary small"
                          fields={<input type="hidden" name="number" value={String(r.number)} />}
                        >
                          以此版本新建草稿
                        </PostButton>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {unnumbered.length > 0 && (
            <section aria-labelledby="other-steps">
              <h2 id="other-steps">其他操作</h2>
              <ol class="activity">
                {unnumbered.map((x, i) => (
                  <Step key={i} a={x} />
                ))}
              </ol>
            </section>
          )}
          <h2>比较两个版本</h2>
          <form method="get" action={`${base}/${code}/history`} class="compare">
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
            <DiffTable
              changes={diff.changes}
              before={`第 ${diff.from} 版`}
              after={`第 ${diff.to} 版`}
              caption={`第 ${diff.from} 版与第 ${diff.to} 版的差异`}
              words={words}
            />
          )}
        </>,
      );
    }

    @Post(':code/restore')
    async restore(@Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      const number = typeof body.number === 'string' && /^\d{1,6}$/.test(body.number) ? Number(body.number) : undefined;
      if (number === undefined) throw AppError.badRequest('number', '必须是版本号');
      await this.workflow.restore(kind, checkCode(code), number, actor);
      res.redirect(303, `${base}/${code}/history?restored=${number}`);
    }
  }
  Object.defineProperty(ContentConsoleController, 'name', { value: `${c.path[0].toUpperCase()}${c.path.slice(1)}ConsoleController` });
  return ContentConsoleController;
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

export const MatterPagesController = contentConsoleController(CONTENT_KINDS.matters);
export const GuidePagesController = contentConsoleController(CONTENT_KINDS.guides);
export const BundlePagesController = contentConsoleController(CONTENT_KINDS.bundles);
