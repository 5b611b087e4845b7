import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import type { SecurityPolicy } from '../../auth/account.entity';
import { AccountsService } from '../../auth/accounts.service';
import { UpdatePolicyDto } from '../../auth/auth.dto';
import { rolesFor } from '../../auth/permission-matrix';
import { AppError } from '../../common/app-error';
import { UuidParam } from '../../common/uuid-param';
import { CreateApiKeyDto } from '../../integration/api-key.dto';
import { API_KEY_SCOPES } from '../../integration/api-key.entity';
import { ApiKeysService } from '../../integration/api-keys.service';
import { CreateWebhookDto } from '../../webhooks/webhook.dto';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { ConsoleErrorFilter } from './console-error.filter';
import { errorFor, problemsOf, requireVersion, shownOnForm, str, validated, when } from './console-forms';
import type { ConsoleRequest } from './console-http';
import { Checkbox, CheckboxGroup, Field, Select, TextArea } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, PostButton, Problem } from './layout';

type Form = Record<string, unknown>;

const POLICY_FIELDS: { key: keyof UpdatePolicyDto; label: string; kind: 'int' | 'bool'; hint?: string }[] = [
  { key: 'passwordMaxAgeDays', label: '密码有效期（天）', kind: 'int', hint: '0 表示不过期；0–365' },
  { key: 'requireTotp', label: '全体员工必须启用双因素认证', kind: 'bool' },
  { key: 'requireTotpForPrivileged', label: '管理员和审核员必须启用双因素认证', kind: 'bool' },
  { key: 'lockoutThreshold', label: '连续登录失败多少次锁定', kind: 'int', hint: '3–10' },
  { key: 'lockoutWindowMinutes', label: '失败次数的统计时段（分钟）', kind: 'int', hint: '1–1440' },
  { key: 'lockoutMinutes', label: '锁定时长（分钟）', kind: 'int', hint: '1–1440' },
  { key: 'idleTimeoutMinutes', label: '无操作多少分钟后退出登录', kind: 'int', hint: '5–120' },
  { key: 'sessionMaxMinutes', label: '一次登录最长有效（分钟）', kind: 'int', hint: '15–1440' },
];

const SCOPE_LABELS: Record<string, string> = {
  'read:published': '读取公开数据（read:published，总是包含）',
  'read:drafts': '读取草稿（read:drafts，须指定部门）',
  'write:import': '导入数据（write:import，须指定部门）',
};

const lines = (v: unknown) =>
  str(v)
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const intOrText = (v: unknown) => (/^\s*\d{1,9}\s*$/.test(str(v)) ? Number(v) : str(v).trim() || undefined);

/**
 * The security administrator's pages: the security policy (read by every administrator, changed by the security
 * administrator), API keys for client systems (secret shown once) and change-push subscriptions (signing secret
 * shown once). Each route's audience and each action are those of the JSON API (AccountsService.updatePolicy,
 * ApiKeysService, WebhooksService).
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin')
export class SecurityConsoleController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeysService,
    private readonly webhooks: WebhooksService,
    private readonly pages: ConsolePages,
  ) {}

  // ── security policy ─────────────────────────────────────────────────────────────────────────────────────

  @Get('security-policy')
  @Access('secadmin', 'sysadmin', 'auditor')
  async policy(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    await this.policyPage(req, res, actor, 200, {});
  }

  private async policyPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: { problems?: Problem[]; form?: Form; notice?: string; warning?: string },
  ) {
    const policy: SecurityPolicy = await this.accounts.getPolicy();
    const problems = o.problems ?? [];
    const editable = actor.role === 'secadmin';
    const value = (k: keyof UpdatePolicyDto) => (o.form && o.form[k] !== undefined ? str(o.form[k]) : String(policy[k]));
    this.pages.send(
      req,
      res,
      status,
      '安全策略',
      { actor, csrf: req.csrfToken },
      <>
        {o.notice && <Notice kind="success">{o.notice}</Notice>}
        {o.warning && (
          <Notice kind="warning" alert>
            {o.warning}
          </Notice>
        )}
        <p class="meta">
          第 {policy.version} 版 · 修改于 {when(policy.updatedAt)}
        </p>
        {editable ? (
          <form method="post" action="/admin/security-policy" novalidate class="editor">
            <Csrf token={req.csrfToken} />
            <input type="hidden" name="version" value={String(policy.version)} />
            <ErrorSummary problems={problems.map((p) => ({ ...p, label: POLICY_FIELDS.find((f) => f.key === p.field)?.label }))} />
            {POLICY_FIELDS.map((f) =>
              f.kind === 'bool' ? (
                <Checkbox
                  key={f.key}
                  name={f.key}
                  label={f.label}
                  checked={o.form ? o.form[f.key] === 'on' : policy[f.key] === true}
                  error={errorFor(problems, f.key)}
                />
              ) : (
                <Field
                  key={f.key}
                  name={f.key}
                  label={f.label}
                  hint={f.hint}
                  value={value(f.key)}
                  inputmode="numeric"
                  width="short"
                  error={errorFor(problems, f.key)}
                />
              ),
            )}
            <div class="actions">
              <button type="submit" class="button">
                保存安全策略
              </button>
            </div>
          </form>
        ) : (
          <dl class="facts">
            {POLICY_FIELDS.map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.kind === 'bool' ? (policy[f.key] ? '是' : '否') : String(policy[f.key])}</dd>
              </>
            ))}
          </dl>
        )}
      </>,
    );
  }

  @Post('security-policy')
  @Access('secadmin')
  async savePolicy(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const version = requireVersion(body);
    const raw = Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, f.kind === 'bool' ? body[f.key] === 'on' : intOrText(body[f.key])]));
    try {
      await this.accounts.updatePolicy(await validated(UpdatePolicyDto, raw), version, actor);
    } catch (e) {
      if (e instanceof AppError && e.code === 'STALE_VERSION') {
        return this.policyPage(req, res, actor, 409, { warning: '安全策略已被他人修改，下面是最新的策略，您的修改没有保存，请核对后重新保存。' });
      }
      if (!shownOnForm(e)) throw e;
      const problems = problemsOf(e);
      return this.policyPage(req, res, actor, e.status, {
        problems: problems.some((p) => p.field) ? problems : [{ field: '', message: e.message }],
        form: body,
      });
    }
    await this.policyPage(req, res, actor, 200, { notice: '安全策略已保存，立即生效。' });
  }

  // ── API keys ────────────────────────────────────────────────────────────────────────────────────────────

  @Get('api-keys')
  @Access(...rolesFor('manage-api-keys'))
  async apiKeys(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    await this.keysPage(req, res, actor, 200, {});
  }

  private async keysPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: { problems?: Problem[]; form?: Form; secret?: { name: string; key: string }; notice?: string },
  ) {
    const keys = await this.keys.list();
    const problems = o.problems ?? [];
    const form = o.form ?? {};
    const posted = Array.isArray(form.scopes) ? form.scopes.map(str) : form.scopes ? [str(form.scopes)] : ['read:published'];
    this.pages.send(
      req,
      res,
      status,
      '接口密钥',
      { actor, csrf: req.csrfToken },
      <>
        {o.notice && <Notice kind="success">{o.notice}</Notice>}
        {o.secret && (
          <Notice kind="success">
            <p>“{o.secret.name}”的密钥（只显示这一次，请立即交给接入系统保存，作为 X-Api-Key 请求头发送）：</p>
            <p>
              <code class="secret">{o.secret.key}</code>
            </p>
          </Notice>
        )}
        <section aria-labelledby="new-key">
          <h2 id="new-key">为接入系统创建密钥</h2>
          <form method="post" action="/admin/api-keys" novalidate>
            <Csrf token={req.csrfToken} />
            <ErrorSummary problems={problems} />
            <Field name="name" label="接入系统名称" hint="例如 12345 热线、微信小程序" value={str(form.name)} error={errorFor(problems, 'name')} required />
            <CheckboxGroup
              name="scopes"
              path="scopes"
              label="权限"
              values={posted}
              options={API_KEY_SCOPES.map((s) => [s, SCOPE_LABELS[s]] as const)}
              error={problems.find((p) => p.field.startsWith('scopes'))?.message}
            />
            <TextArea
              name="departmentCodes"
              path="departmentCodes"
              label="代表的部门（部门编码，每行一个）"
              hint="读取草稿或导入数据时必填"
              value={str(form.departmentCodes)}
              error={problems.find((p) => p.field.startsWith('departmentCodes'))?.message}
            />
            <Field
              name="rateLimitPerMinute"
              label="每分钟请求上限（可选）"
              value={str(form.rateLimitPerMinute)}
              inputmode="numeric"
              width="short"
              error={errorFor(problems, 'rateLimitPerMinute')}
            />
            <Field
              name="expiresAt"
              label="到期日期（可选）"
              type="date"
              value={str(form.expiresAt)}
              error={errorFor(problems, 'expiresAt')}
              hint="到期当天 0 时（北京时间）起失效"
            />
            <button type="submit" class="button">
              创建密钥
            </button>
          </form>
        </section>
        <table class="list">
          <caption>全部密钥（不显示密钥本身）</caption>
          <thead>
            <tr>
              <th scope="col">接入系统</th>
              <th scope="col">前缀</th>
              <th scope="col">权限 · 部门</th>
              <th scope="col">使用</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>
                  {k.scopes.join('、')}
                  {k.departmentCodes.length > 0 && (
                    <>
                      <br />
                      <span class="small">{k.departmentCodes.join('、')}</span>
                    </>
                  )}
                </td>
                <td>
                  {k.usageCount} 次{k.lastUsedAt ? `，最近 ${when(k.lastUsedAt)}` : ''}
                </td>
                <td>{k.active ? '有效' : k.revokedAt ? `已吊销（${when(k.revokedAt)}）` : '已过期'}</td>
                <td>
                  {k.active && (
                    <PostButton
                      action={`/admin/api-keys/${k.id}/revoke`}
                      csrf={req.csrfToken}
                      buttonClass="button warning small"
                      ariaLabel={`吊销“${k.name}”的密钥`}
                    >
                      吊销
                    </PostButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  }

  @Post('api-keys')
  @Access(...rolesFor('manage-api-keys'))
  async createKey(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const scopes = Array.isArray(body.scopes) ? body.scopes : body.scopes === undefined ? [] : [body.scopes];
    const departmentCodes = lines(body.departmentCodes);
    const date = str(body.expiresAt).trim();
    const raw = {
      name: str(body.name).trim(),
      scopes: [...new Set(['read:published', ...scopes])],
      ...(departmentCodes.length ? { departmentCodes } : {}),
      ...(str(body.rateLimitPerMinute).trim() ? { rateLimitPerMinute: intOrText(body.rateLimitPerMinute) } : {}),
      // A date from the form is the start of that day in Beijing time.
      ...(date ? { expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00+08:00` : date } : {}),
    };
    let created;
    try {
      created = await this.keys.create(await validated(CreateApiKeyDto, raw), actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      return this.keysPage(req, res, actor, e.status, { problems: problemsOf(e), form: body });
    }
    await this.keysPage(req, res, actor, 201, { secret: { name: created.apiKey.name, key: created.key } });
  }

  @Post('api-keys/:id/revoke')
  @Access(...rolesFor('manage-api-keys'))
  async revokeKey(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    const key = await this.keys.revoke(id, actor);
    await this.keysPage(req, res, actor, 200, { notice: `“${key.name}”的密钥已吊销。` });
  }

  // ── webhooks ────────────────────────────────────────────────────────────────────────────────────────────

  @Get('webhooks')
  @Access('secadmin')
  async webhookList(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    await this.webhooksPage(req, res, actor, 200, {});
  }

  private async webhooksPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: { problems?: Problem[]; form?: Form; secret?: string; notice?: string },
  ) {
    const [hooks, keys] = await Promise.all([this.webhooks.list({ page: 1, limit: 100 }), this.keys.list()]);
    const problems = o.problems ?? [];
    const form = o.form ?? {};
    this.pages.send(
      req,
      res,
      status,
      '变更推送',
      { actor, csrf: req.csrfToken },
      <>
        {o.notice && <Notice kind="success">{o.notice}</Notice>}
        {o.secret && (
          <Notice kind="success">
            <p>推送签名密钥（只显示这一次，请交给接收方用于校验签名）：</p>
            <p>
              <code class="secret">{o.secret}</code>
            </p>
          </Notice>
        )}
        <section aria-labelledby="new-hook">
          <h2 id="new-hook">新建推送订阅</h2>
          <form method="post" action="/admin/webhooks" novalidate>
            <Csrf token={req.csrfToken} />
            <ErrorSummary problems={problems} />
            <Select
              name="apiKeyId"
              label="接收方（接口密钥）"
              value={str(form.apiKeyId)}
              options={keys.filter((k) => k.active).map((k) => [k.id, `${k.name}（${k.prefix}）`] as const)}
              empty="（请选择）"
              error={errorFor(problems, 'apiKeyId')}
            />
            <Field
              name="url"
              label="推送地址"
              hint="http(s) 网址；主机须在 WEBHOOK_ALLOWED_HOSTS 中"
              type="url"
              width="long"
              value={str(form.url)}
              error={errorFor(problems, 'url')}
              required
            />
            <Field name="since" label="起始游标（可选）" hint="不填则从现在开始推送" value={str(form.since)} error={errorFor(problems, 'since')} />
            <button type="submit" class="button">
              创建订阅
            </button>
          </form>
        </section>
        <table class="list">
          <caption>全部推送订阅</caption>
          <thead>
            <tr>
              <th scope="col">接收方 · 地址</th>
              <th scope="col">已推送 · 积压</th>
              <th scope="col">最近</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {hooks.items.map((h) => (
              <tr key={h.id}>
                <td>
                  {h.apiKeyName}
                  <br />
                  <span class="small">{h.url}</span>
                </td>
                <td>
                  {h.deliveredCount} · {h.backlog}
                  {h.deadLetters > 0 && `（死信 ${h.deadLetters}）`}
                </td>
                <td>
                  {h.lastDeliveredAt ? when(h.lastDeliveredAt) : '—'}
                  {h.lastError && (
                    <>
                      <br />
                      <span class="small">失败：{h.lastError}</span>
                    </>
                  )}
                </td>
                <td>{h.enabled ? '推送中' : '已暂停'}</td>
                <td>
                  <PostButton
                    action={`/admin/webhooks/${h.id}/${h.enabled ? 'disable' : 'enable'}`}
                    csrf={req.csrfToken}
                    buttonClass="button secondary small"
                    ariaLabel={`${h.enabled ? '暂停' : '恢复'}推送到 ${h.url}`}
                  >
                    {h.enabled ? '暂停' : '恢复'}
                  </PostButton>{' '}
                  <PostButton
                    action={`/admin/webhooks/${h.id}/delete`}
                    csrf={req.csrfToken}
                    buttonClass="button warning small"
                    ariaLabel={`删除推送到 ${h.url} 的订阅`}
                  >
                    删除
                  </PostButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  }

  @Post('webhooks')
  @Access('secadmin')
  async createWebhook(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const raw = { apiKeyId: str(body.apiKeyId), url: str(body.url).trim(), ...(str(body.since).trim() ? { since: str(body.since).trim() } : {}) };
    let created;
    try {
      created = await this.webhooks.create(await validated(CreateWebhookDto, raw), actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      return this.webhooksPage(req, res, actor, e.status, { problems: problemsOf(e), form: body });
    }
    await this.webhooksPage(req, res, actor, 201, { secret: created.secret });
  }

  @Post('webhooks/:id/:action')
  @Access('secadmin')
  async webhookAction(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('action') action: string,
  ) {
    if (action === 'delete') await this.webhooks.remove(id, actor);
    else if (action === 'disable' || action === 'enable') await this.webhooks.setEnabled(id, action === 'enable', actor);
    else throw AppError.notFound('PAGE_NOT_FOUND', '页面');
    await this.webhooksPage(req, res, actor, 200, {
      notice: action === 'delete' ? '订阅已删除。' : action === 'enable' ? '已恢复推送。' : '已暂停推送（游标保留）。',
    });
  }
}
