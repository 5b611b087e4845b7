import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AccountsService, isPrivileged } from '../../auth/accounts.service';
import { ApprovalsService } from '../../auth/approvals.service';
import { AccountResponse, AssignRoleDto, CreateAccountDto, CreateApprovalDto, ListApprovalsQueryDto } from '../../auth/auth.dto';
import { accountScopeOf, AccountAction, rolesFor } from '../../auth/permission-matrix';
import { ROLE_LABELS, ROLES } from '../../auth/roles';
import { AppError } from '../../common/app-error';
import { PageQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/uuid-param';
import { pageQuery } from '../page-request';
import { ConsoleErrorFilter } from './console-error.filter';
import { errorFor, pick, problemsOf, requireVersion, shownOnForm, str, validated, when } from './console-forms';
import type { ConsoleRequest } from './console-http';
import { Field, Select, TextArea } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, PostButton, Problem } from './layout';

type Form = Record<string, unknown>;
const may = (actor: Actor, action: AccountAction) => accountScopeOf(actor.role, action) !== undefined;
const APPROVAL_ACTION_LABELS: Record<string, string> = { 'reset-password': '重置密码', disable: '停用账号' };
const APPROVAL_STATUS_LABELS: Record<string, string> = { pending: '待审批', approved: '已批准，待执行', rejected: '已拒绝', executed: '已执行' };
const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABELS[r]] as const);

/** Prev / next links of a paged list (GET, so every page has its own URL). */
export function Pager({ page, limit, total, href }: { page: number; limit: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages === 1) return null;
  return (
    <nav class="pager" aria-label="分页">
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          上一页
        </a>
      )}{' '}
      <span>
        第 {page} / {pages} 页
      </span>{' '}
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          下一页
        </a>
      )}
    </nav>
  );
}

/** The one-time password, shown this once (the page is no-store). */
function OneTimePassword({ login, password }: { login: string; password: string }) {
  return (
    <Notice kind="success">
      <p>
        账号 <strong>{login}</strong> 的一次性密码（只显示这一次，请当面或通过安全渠道交给本人；首次登录必须修改）：
      </p>
      <p>
        <code class="secret">{password}</code>
      </p>
    </Notice>
  );
}

/**
 * 三员分立 in the console: the system administrator keeps accounts (create, rename, disable / enable, reset a plain
 * account's password, ask for a second approval for a privileged one), the security administrator assigns roles and
 * departments and resets second factors, and the security or audit administrator decides approval requests. Each
 * route declares its audience with the permission matrix (`rolesFor`), exactly as the JSON API's routes do, and
 * each action is the AccountsService / ApprovalsService call the API makes — so the rules exist once.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin')
export class AccountsConsoleController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly approvals: ApprovalsService,
    private readonly pages: ConsolePages,
  ) {}

  @Get('accounts')
  @Access(...rolesFor('list-accounts'))
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>) {
    // The console's front door sends the administrators here, with what they just finished (password, second factor).
    const done = raw.done === 'password' ? '新密码已保存。' : raw.done === 'totp' ? '双因素认证已启用，下次登录时需要输入动态口令。' : undefined;
    await this.listPage(req, res, actor, 200, raw, {}, [], done);
  }

  private async listPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    raw: Record<string, unknown>,
    form: Form,
    problems: Problem[],
    done?: string,
  ) {
    const q = await pageQuery(PageQueryDto, { limit: '50', ...pick(raw, 'page') });
    const found = await this.accounts.list(q);
    this.pages.send(
      req,
      res,
      status,
      '账号',
      { actor, csrf: req.csrfToken },
      <>
        {done && <Notice kind="success">{done}</Notice>}
        {may(actor, 'create-account') && (
          <section aria-labelledby="new-account">
            <h2 id="new-account">新建账号</h2>
            <p class="hint">新账号没有角色；由安全管理员分配角色和部门后才能工作。</p>
            <form method="post" action="/admin/accounts" novalidate class="compare">
              <Csrf token={req.csrfToken} />
              <ErrorSummary
                problems={problems.map((p) => ({ ...p, label: p.field === 'login' ? '登录名' : p.field === 'displayName' ? '姓名' : undefined }))}
              />
              <Field
                name="login"
                label="登录名"
                hint="3–64 位小写字母、数字、点、下划线或连字符"
                value={str(form.login)}
                error={errorFor(problems, 'login')}
                required
              />
              <Field name="displayName" label="姓名" value={str(form.displayName)} error={errorFor(problems, 'displayName')} required />
              <button type="submit" class="button">
                创建账号
              </button>
            </form>
          </section>
        )}
        <table class="list">
          <caption>
            共 {found.total} 个账号，按登录名排序（本页 {found.items.length} 个）
          </caption>
          <thead>
            <tr>
              <th scope="col">登录名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">部门</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {found.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/accounts/${a.id}`}>{a.login}</a>
                </td>
                <td>{a.displayName}</td>
                <td>{a.roleLabel ?? <span class="muted">未分配</span>}</td>
                <td>{a.departmentCodes.join('、')}</td>
                <td>
                  {a.disabled ? <span class="tag tag-archived">已停用</span> : <span class="tag tag-published">正常</span>}
                  {a.totpEnabled ? ' · 已启用双因素' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={found.page} limit={found.limit} total={found.total} href={(p) => `/admin/accounts?page=${p}`} />
      </>,
    );
  }

  @Post('accounts')
  @Access(...rolesFor('create-account'))
  async create(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    let created;
    try {
      created = await this.accounts.create(await validated(CreateAccountDto, body), actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      return this.listPage(req, res, actor, e.status, {}, body, problemsOf(e));
    }
    await this.detailPage(req, res, actor, created.account.id, 201, { password: created.initialPassword, notice: '账号已创建。' });
  }

  @Get('accounts/:id')
  @Access(...rolesFor('list-accounts'))
  async detail(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query('done') done?: string,
  ) {
    const notices: Record<string, string> = {
      profile: '姓名已保存。',
      disabled: '账号已停用，它的会话已全部结束。',
      enabled: '账号已启用。',
      role: '角色与部门已保存，该账号需要重新登录。',
      totp: '双因素认证已重置，该账号下次登录时须重新绑定。',
      requested: '审批申请已提交，等待安全管理员或审计管理员批准。',
    };
    await this.detailPage(req, res, actor, id, 200, { notice: done ? notices[done] : undefined });
  }

  private async detailPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    id: string,
    status: number,
    o: { password?: string; notice?: string; warning?: string; problems?: Problem[]; form?: Form; approvalFor?: 'disable' | 'reset-password' },
  ) {
    const a: AccountResponse = await this.accounts.get(id);
    const problems = o.problems ?? [];
    const form = o.form ?? {};
    const self = a.id === actor.accountId;
    const privileged = isPrivileged(a);
    // 'plain' scope: a privileged account is reset or disabled through an approved request instead.
    const direct = (action: AccountAction) => {
      const scope = accountScopeOf(actor.role, action);
      return scope === 'any' || (scope === 'plain' && !privileged);
    };
    const version = <input type="hidden" name="version" value={String(a.version)} />;
    const departmentsError = problems
      .filter((p) => p.field.startsWith('departmentCodes'))
      .map((p) => p.message)
      .join('；');
    this.pages.send(
      req,
      res,
      status,
      `账号：${a.login}`,
      { actor, csrf: req.csrfToken },
      <>
        {o.notice && <Notice kind="success">{o.notice}</Notice>}
        {o.warning && (
          <Notice kind="warning" alert>
            {o.warning}
          </Notice>
        )}
        {o.password && <OneTimePassword login={a.login} password={o.password} />}
        <ErrorSummary
          problems={problems.filter((p) => !p.field.startsWith('departmentCodes') || p === problems.find((q) => q.field.startsWith('departmentCodes')))}
        />
        <p class="meta">
          <a href="/admin/accounts">返回账号列表</a>
        </p>
        <dl class="facts">
          <dt>姓名</dt>
          <dd>{a.displayName}</dd>
          <dt>角色</dt>
          <dd>{a.roleLabel ?? '未分配'}</dd>
          <dt>部门</dt>
          <dd>{a.departmentCodes.join('、') || '—'}</dd>
          <dt>状态</dt>
          <dd>
            {a.disabled ? '已停用' : '正常'}
            {a.mustChangePassword ? '，下次登录须修改密码' : ''}
          </dd>
          <dt>双因素认证</dt>
          <dd>{a.totpEnabled ? '已启用' : '未启用'}</dd>
          <dt>密码修改时间</dt>
          <dd>{when(a.passwordChangedAt)}</dd>
          <dt>创建时间</dt>
          <dd>{when(a.createdAt)}</dd>
        </dl>
        {may(actor, 'update-account') && (
          <section aria-labelledby="profile-h">
            <h2 id="profile-h">姓名</h2>
            <form method="post" action={`/admin/accounts/${a.id}/profile`} novalidate class="compare">
              <Csrf token={req.csrfToken} />
              {version}
              <Field name="displayName" label="姓名" value={str(form.displayName) || a.displayName} error={errorFor(problems, 'displayName')} required />
              <button type="submit" class="button secondary">
                保存姓名
              </button>
            </form>
          </section>
        )}
        {(may(actor, 'update-account') || may(actor, 'reset-password') || may(actor, 'request-approval')) && !self && (
          <section aria-labelledby="access-h">
            <h2 id="access-h">停用与重置密码</h2>
            {a.disabled
              ? may(actor, 'update-account') && (
                  <PostButton action={`/admin/accounts/${a.id}/enable`} csrf={req.csrfToken} buttonClass="button secondary" fields={version}>
                    启用账号
                  </PostButton>
                )
              : direct('disable-account') && (
                  <PostButton action={`/admin/accounts/${a.id}/disable`} csrf={req.csrfToken} buttonClass="button warning" fields={version}>
                    停用账号
                  </PostButton>
                )}{' '}
            {direct('reset-password') && (
              <PostButton action={`/admin/accounts/${a.id}/reset-password`} csrf={req.csrfToken} buttonClass="button secondary" fields={version}>
                重置密码
              </PostButton>
            )}
            {privileged && may(actor, 'request-approval') && (
              <>
                <p>{a.roleLabel}账号的停用和密码重置须经另一名管理员（安全管理员或审计管理员）批准：先提交申请，批准后由您在“审批”页执行。</p>
                <form method="post" action="/admin/approvals" novalidate>
                  <Csrf token={req.csrfToken} />
                  <input type="hidden" name="accountId" value={a.id} />
                  <Select
                    name="action"
                    label="申请的操作"
                    value={o.approvalFor ?? str(form.action)}
                    options={(a.disabled ? ['reset-password'] : ['reset-password', 'disable']).map((k) => [k, APPROVAL_ACTION_LABELS[k]] as const)}
                    error={errorFor(problems, 'action')}
                  />
                  <TextArea name="reason" label="申请理由（审批人据此决定）" value={str(form.reason)} error={errorFor(problems, 'reason')} required />
                  <button type="submit" class="button secondary">
                    提交审批申请
                  </button>
                </form>
              </>
            )}
          </section>
        )}
        {may(actor, 'assign-role') && !self && (
          <section aria-labelledby="role-h">
            <h2 id="role-h">角色与部门</h2>
            <form method="post" action={`/admin/accounts/${a.id}/role`} novalidate>
              <Csrf token={req.csrfToken} />
              {version}
              <Select
                name="role"
                label="角色"
                value={form.role !== undefined ? str(form.role) : (a.role ?? '')}
                options={ROLE_OPTIONS}
                empty="（无角色）"
                error={errorFor(problems, 'role')}
              />
              <TextArea
                name="departmentCodes"
                path="departmentCodes"
                label="部门编码（每行一个，仅部门编辑按部门授权）"
                value={form.departmentCodes !== undefined ? str(form.departmentCodes) : a.departmentCodes.join('\n')}
                error={departmentsError || undefined}
              />
              <button type="submit" class="button">
                保存角色与部门
              </button>
            </form>
          </section>
        )}
        {may(actor, 'reset-totp') && !self && a.totpEnabled && (
          <section aria-labelledby="totp-h">
            <h2 id="totp-h">双因素认证</h2>
            <form method="post" action={`/admin/accounts/${a.id}/reset-totp`}>
              <Csrf token={req.csrfToken} />
              {version}
              <button type="submit" class="button warning">
                重置双因素认证
              </button>
            </form>
          </section>
        )}
      </>,
    );
  }

  /**
   * Runs one account change; validation and conflicts come back to the account page, the rest to the error page.
   * Success redirects to the account page, or renders `shown` (a one-time password must never be in a URL).
   */
  private async change<T>(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    id: string,
    body: Form,
    done: string,
    work: (version: number) => Promise<T>,
    shown?: (result: T) => Promise<void>,
  ): Promise<void> {
    const version = requireVersion(body);
    let result: T;
    try {
      result = await work(version);
    } catch (e) {
      if (e instanceof AppError && e.code === 'APPROVAL_REQUIRED') {
        return this.detailPage(req, res, actor, id, 403, { warning: e.message.replace(/：请提交申请.*$/, '：请在下面提交审批申请。') });
      }
      if (e instanceof AppError && e.code === 'STALE_VERSION') {
        return this.detailPage(req, res, actor, id, 409, { warning: '该账号已被他人修改，下面是最新信息，请核对后重新操作。', form: body });
      }
      if (!shownOnForm(e)) throw e;
      return this.detailPage(req, res, actor, id, e.status, { problems: problemsOf(e), form: body });
    }
    if (shown) return shown(result);
    res.redirect(303, `/admin/accounts/${id}?done=${done}`);
  }

  @Post('accounts/:id/profile')
  @Access(...rolesFor('update-account'))
  async profile(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(req, res, actor, id, body, 'profile', (v) => this.accounts.update(id, { displayName: str(body.displayName).trim() }, v, actor));
  }

  @Post('accounts/:id/disable')
  @Access(...rolesFor('update-account'))
  async disable(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(req, res, actor, id, body, 'disabled', (v) => this.accounts.update(id, { disabled: true }, v, actor));
  }

  @Post('accounts/:id/enable')
  @Access(...rolesFor('update-account'))
  async enable(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(req, res, actor, id, body, 'enabled', (v) => this.accounts.update(id, { disabled: false }, v, actor));
  }

  @Post('accounts/:id/reset-password')
  @Access(...rolesFor('reset-password'))
  async resetPassword(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(
      req,
      res,
      actor,
      id,
      body,
      'reset',
      (v) => this.accounts.resetPassword(id, v, actor),
      (r) => this.detailPage(req, res, actor, id, 200, { password: r.initialPassword, notice: '密码已重置，该账号的会话已全部结束。' }),
    );
  }

  @Post('accounts/:id/role')
  @Access(...rolesFor('assign-role'))
  async role(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(req, res, actor, id, body, 'role', async (v) => {
      const departmentCodes = str(body.departmentCodes)
        .split(/[\s,，、]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const dto = await validated(AssignRoleDto, { role: str(body.role) || null, departmentCodes });
      return this.accounts.assignRole(id, dto, v, actor);
    });
  }

  @Post('accounts/:id/reset-totp')
  @Access(...rolesFor('reset-totp'))
  async resetTotp(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: Form) {
    await this.change(req, res, actor, id, body, 'totp', (v) => this.accounts.resetTotp(id, v, actor));
  }

  // ── approvals (dual control of privileged accounts) ─────────────────────────────────────────────────────

  @Get('approvals')
  @Access(...rolesFor('list-approvals'))
  async approvalList(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>) {
    await this.approvalsPage(req, res, actor, 200, raw);
  }

  private async approvalsPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    raw: Record<string, unknown>,
    o: { notice?: string; password?: { login: string; password: string }; error?: string } = {},
  ) {
    const q = await pageQuery(ListApprovalsQueryDto, { limit: '50', ...pick(raw, 'page', 'status') });
    const found = await this.approvals.list(q);
    // Logins instead of ids: the accounts named on this page.
    const ids = [...new Set(found.items.flatMap((p) => [p.accountId, p.requestedBy, p.decidedBy].filter((x): x is string => !!x)))];
    const found2 = await Promise.all(ids.map((i) => this.accounts.get(i).catch(() => null)));
    const logins = new Map(found2.filter((a): a is AccountResponse => !!a).map((a) => [a.id, a.login] as const));
    const who = (id: string | null) => (id ? (logins.get(id) ?? id) : '');
    this.pages.send(
      req,
      res,
      status,
      '特权账号操作审批',
      { actor, csrf: req.csrfToken },
      <>
        {o.notice && <Notice kind="success">{o.notice}</Notice>}
        {o.error && (
          <Notice kind="warning" alert>
            {o.error}
          </Notice>
        )}
        {o.password && <OneTimePassword login={o.password.login} password={o.password.password} />}
        <p class="hint">管理员和审核员账号的停用、密码重置须由系统管理员申请、另一名管理员批准，再由申请人执行；申请 24 小时内有效。</p>
        <form method="get" action="/admin/approvals" class="compare">
          <Select name="status" label="状态" value={str(raw.status)} options={Object.entries(APPROVAL_STATUS_LABELS) as [string, string][]} empty="（全部）" />
          <button type="submit" class="button secondary">
            筛选
          </button>
        </form>
        {found.items.length === 0 ? (
          <p class="muted">没有审批申请。</p>
        ) : (
          <table class="list">
            <caption>共 {found.total} 项，按申请时间倒序</caption>
            <thead>
              <tr>
                <th scope="col">申请</th>
                <th scope="col">账号</th>
                <th scope="col">理由</th>
                <th scope="col">申请人 · 时间</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {found.items.map((p) => (
                <tr key={p.id}>
                  <td>{APPROVAL_ACTION_LABELS[p.action] ?? p.action}</td>
                  <td>{who(p.accountId)}</td>
                  <td>{p.reason}</td>
                  <td>
                    {who(p.requestedBy)} · {when(p.requestedAt)}
                  </td>
                  <td>
                    {p.expired ? '已过期' : APPROVAL_STATUS_LABELS[p.status]}
                    {p.decidedBy && (
                      <>
                        <br />
                        <span class="small">
                          审批人 {who(p.decidedBy)} · {when(p.decidedAt)}
                        </span>
                      </>
                    )}
                  </td>
                  <td>
                    {!p.expired && p.status === 'pending' && may(actor, 'decide-approval') && (
                      <>
                        <PostButton action={`/admin/approvals/${p.id}/approve`} csrf={req.csrfToken} buttonClass="button small">
                          批准
                          <span class="visually-hidden">
                            （{who(p.accountId)}：{APPROVAL_ACTION_LABELS[p.action]}）
                          </span>
                        </PostButton>{' '}
                        <PostButton action={`/admin/approvals/${p.id}/reject`} csrf={req.csrfToken} buttonClass="button secondary small">
                          拒绝
                          <span class="visually-hidden">
                            （{who(p.accountId)}：{APPROVAL_ACTION_LABELS[p.action]}）
                          </span>
                        </PostButton>
                      </>
                    )}
                    {!p.expired && p.status === 'approved' && p.requestedBy === actor.accountId && may(actor, 'execute-approval') && (
                      <PostButton action={`/admin/approvals/${p.id}/execute`} csrf={req.csrfToken} buttonClass="button small">
                        执行
                        <span class="visually-hidden">
                          （{who(p.accountId)}：{APPROVAL_ACTION_LABELS[p.action]}）
                        </span>
                      </PostButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={found.page} limit={found.limit} total={found.total} href={(n) => `/admin/approvals?page=${n}${q.status ? `&status=${q.status}` : ''}`} />
      </>,
    );
  }

  @Post('approvals')
  @Access(...rolesFor('request-approval'))
  async request(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const accountId = str(body.accountId);
    try {
      await this.approvals.request(await validated(CreateApprovalDto, { action: body.action, accountId, reason: str(body.reason).trim() }), actor);
    } catch (e) {
      if (!shownOnForm(e) || !/^[0-9a-f-]{36}$/.test(accountId)) throw e;
      return this.detailPage(req, res, actor, accountId, e.status, { problems: problemsOf(e), form: body });
    }
    res.redirect(303, `/admin/accounts/${accountId}?done=requested`);
  }

  @Post('approvals/:id/approve')
  @Access(...rolesFor('decide-approval'))
  async approve(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    await this.decide(req, res, actor, () => this.approvals.decide(id, true, actor), '已批准；申请人现在可以执行。');
  }

  @Post('approvals/:id/reject')
  @Access(...rolesFor('decide-approval'))
  async reject(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    await this.decide(req, res, actor, () => this.approvals.decide(id, false, actor), '已拒绝。');
  }

  @Post('approvals/:id/execute')
  @Access(...rolesFor('execute-approval'))
  async execute(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    let done;
    try {
      done = await this.approvals.execute(id, actor);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 404) throw e;
      return this.approvalsPage(req, res, actor, e.status, {}, { error: e.message });
    }
    await this.approvalsPage(
      req,
      res,
      actor,
      200,
      {},
      {
        notice: `已执行：${APPROVAL_ACTION_LABELS[done.approval.action]}（${done.account.login}）。`,
        password: done.initialPassword ? { login: done.account.login, password: done.initialPassword } : undefined,
      },
    );
  }

  /** A refused decision (own request, the account concerned, expired …) is explained on the list page itself. */
  private async decide(req: ConsoleRequest, res: Response, actor: Actor, work: () => Promise<unknown>, notice: string) {
    try {
      await work();
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || e.status === 404) throw e;
      return this.approvalsPage(req, res, actor, e.status, {}, { error: e.message });
    }
    await this.approvalsPage(req, res, actor, 200, {}, { notice });
  }
}
