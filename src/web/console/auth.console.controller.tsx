import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { Access, AllowPending, CurrentActor, RequestOrigin } from '../../auth/access.decorator';
import type { Actor, Origin } from '../../auth/actor';
import { AccountsService } from '../../auth/accounts.service';
import { SessionsService } from '../../auth/sessions.service';
import { AppError } from '../../common/app-error';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleRequest, cookie, newPresignToken, PRESIGN_COOKIE, SESSION_COOKIE } from './console-http';
import { ConsolePages, Csrf, ErrorSummary, Notice, Problem } from './layout';
import { Field } from './fields';

type Form = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Only local console paths are followed after sign-in (no open redirect). */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/admin(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';

const problemsOf = (e: AppError, fallback: string): Problem[] =>
  Array.isArray(e.details) && e.details.length ? e.details.map((d) => ({ field: d.field, message: d.message })) : [{ field: fallback, message: e.message }];

/**
 * Sign-in, sign-out, password change and TOTP enrolment as pages. Every step calls the services the JSON auth API
 * calls (SessionsService.signIn, AccountsService.changeOwnPassword / startTotp / enableTotp): same policy, same
 * lockout, same audit records. The page only moves the token into an HttpOnly cookie.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin')
export class AuthConsoleController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly pages: ConsolePages,
  ) {}

  /** The console's front door: each role to its own pages. */
  @Get()
  @Access('staff')
  home(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    if (actor.role === 'editor' || actor.role === 'reviewer') return res.redirect(303, `/admin/work${query}`);
    if (actor.role === 'auditor') return res.redirect(303, `/admin/audit${query}`);
    if (actor.role === 'sysadmin' || actor.role === 'secadmin') return res.redirect(303, `/admin/accounts${query}`);
    this.pages.send(
      req,
      res,
      200,
      '工作台',
      { actor, csrf: req.csrfToken },
      <Notice kind="warning">您的账号还没有分配角色，暂时不能做任何工作。请联系安全管理员分配角色。</Notice>,
    );
  }

  @Get('sign-in')
  @Access('public')
  signInPage(@Req() req: ConsoleRequest, @Res() res: Response, @Query('next') next?: string, @Query('expired') expired?: string) {
    this.signInForm(req, res, 200, { next: safeNext(next) }, [], expired ? '长时间未操作，会话已结束，请重新登录。' : undefined);
  }

  @Post('sign-in')
  @Access('public')
  async signIn(@Req() req: ConsoleRequest, @Res() res: Response, @Body() body: Form, @RequestOrigin() origin: Origin) {
    const login = str(body.login).slice(0, 128);
    const password = str(body.password).slice(0, 256);
    const totp = str(body.totp).trim();
    const next = safeNext(body.next);
    const problems: Problem[] = [];
    if (!login.trim()) problems.push({ field: 'login', message: '请输入登录名' });
    if (!password) problems.push({ field: 'password', message: '请输入密码' });
    if (totp && !/^\d{6}$/.test(totp)) problems.push({ field: 'totp', message: '动态口令必须是 6 位数字' });
    if (problems.length) return this.signInForm(req, res, 400, { login, next }, problems);
    try {
      const result = await this.sessions.signIn(login, password, totp || undefined, origin);
      await this.endOldSession(req, origin);
      res.setHeader('Set-Cookie', [
        cookie(SESSION_COOKIE, result.token, req, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000)),
        cookie(PRESIGN_COOKIE, '', req, 0),
      ]);
      res.redirect(303, result.mustChangePassword ? '/admin/password' : result.totpEnrolmentRequired ? '/admin/totp' : next);
    } catch (e) {
      if (!(e instanceof AppError) || ![400, 401, 429].includes(e.status)) throw e;
      if (e.details && 'retryAfterSeconds' in e.details) res.setHeader('Retry-After', String(e.details.retryAfterSeconds));
      const field = e.code === 'TOTP_REQUIRED' ? 'totp' : 'login';
      this.signInForm(req, res, e.status, { login, next }, [{ field, message: e.message }]);
    }
  }

  /** A session the browser still held (someone else's planted cookie, or an old one) ends at sign-in. */
  private async endOldSession(req: ConsoleRequest, origin: Origin): Promise<void> {
    if (!req.consoleToken) return;
    try {
      await this.sessions.signOut(await this.sessions.authenticate(req.consoleToken, origin));
    } catch {
      /* already invalid */
    }
  }

  private signInForm(req: Request, res: Response, status: number, values: { login?: string; next: string }, problems: Problem[], info?: string) {
    const token = newPresignToken();
    res.setHeader('Set-Cookie', cookie(PRESIGN_COOKIE, token, req, 3600));
    const err = (f: string) => problems.find((p) => p.field === f)?.message;
    const labels: Record<string, string> = { login: '登录名', password: '密码', totp: '动态口令' };
    this.pages.send(
      req,
      res,
      status,
      '工作人员登录',
      {},
      <>
        {info && <Notice kind="warning">{info}</Notice>}
        <ErrorSummary problems={problems.map((p) => ({ ...p, label: labels[p.field] }))} title="登录没有成功" />
        <form method="post" action="/admin/sign-in" class="narrow" novalidate>
          <input type="hidden" name="_csrf" value={token} />
          <input type="hidden" name="next" value={values.next} />
          <Field name="login" label="登录名" value={values.login} error={err('login')} autocomplete="username" required />
          <Field name="password" label="密码" type="password" error={err('password')} autocomplete="current-password" required />
          <Field
            name="totp"
            label="动态口令（已启用双因素认证时填写）"
            hint="手机验证器里的 6 位数字"
            error={err('totp')}
            autocomplete="one-time-code"
            inputmode="numeric"
          />
          <button type="submit" class="button">
            登录
          </button>
        </form>
        <p class="muted">连续输错 5 次，账号将被锁定 15 分钟。忘记密码请联系系统管理员重置。</p>
      </>,
    );
  }

  @Post('sign-out')
  @Access('staff')
  @AllowPending()
  async signOut(@Req() req: Request, @Res() res: Response, @CurrentActor() actor: Actor) {
    await this.sessions.signOut(actor);
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', req, 0));
    res.redirect(303, '/admin/sign-in');
  }

  @Get('password')
  @Access('staff')
  @AllowPending()
  passwordPage(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    this.passwordForm(req, res, actor, 200, []);
  }

  @Post('password')
  @Access('staff')
  @AllowPending()
  async changePassword(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const current = str(body.currentPassword).slice(0, 256);
    const next = str(body.newPassword).slice(0, 256);
    if (next !== str(body.confirmPassword)) return this.passwordForm(req, res, actor, 400, [{ field: 'confirmPassword', message: '两次输入的新密码不一致' }]);
    try {
      await this.accounts.changeOwnPassword(actor, current, next);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      return this.passwordForm(req, res, actor, 400, problemsOf(e, 'newPassword'));
    }
    res.redirect(303, actor.totpEnrolmentRequired ? '/admin/totp' : '/admin?done=password');
  }

  private passwordForm(req: ConsoleRequest, res: Response, actor: Actor, status: number, problems: Problem[]) {
    const labels: Record<string, string> = { currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '再次输入新密码' };
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    this.pages.send(
      req,
      res,
      status,
      '修改密码',
      { actor, csrf: req.csrfToken },
      <>
        {actor.mustChangePassword && <Notice kind="warning">首次登录、密码被重置或已过期：请先设置新密码，然后才能继续工作。</Notice>}
        <ErrorSummary problems={problems.map((p) => ({ ...p, label: labels[p.field] }))} />
        <form method="post" action="/admin/password" class="narrow" novalidate>
          <Csrf token={req.csrfToken} />
          <Field name="currentPassword" label="当前密码" type="password" error={err('currentPassword')} autocomplete="current-password" required />
          <Field
            name="newPassword"
            label="新密码"
            type="password"
            hint="至少 12 位；大写字母、小写字母、数字、符号中至少 3 类；不含登录名；不与最近 3 次相同"
            error={err('newPassword')}
            autocomplete="new-password"
            required
          />
          <Field name="confirmPassword" label="再次输入新密码" type="password" error={err('confirmPassword')} autocomplete="new-password" required />
          <button type="submit" class="button">
            保存新密码
          </button>
        </form>
      </>,
    );
  }

  @Get('totp')
  @Access('staff')
  @AllowPending()
  async totpPage(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    const me = await this.accounts.me(actor);
    this.pages.send(
      req,
      res,
      200,
      '双因素认证',
      { actor, csrf: req.csrfToken },
      me.totpEnabled ? (
        <Notice kind="success">本账号已启用双因素认证。如需更换手机，请联系安全管理员重置。</Notice>
      ) : (
        <>
          {actor.totpEnrolmentRequired && <Notice kind="warning">安全策略要求启用双因素认证：完成绑定后才能继续工作。</Notice>}
          <p>在手机上安装一个验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator），然后生成密钥并扫码绑定。</p>
          <form method="post" action="/admin/totp/setup">
            <Csrf token={req.csrfToken} />
            <button type="submit" class="button">
              生成密钥
            </button>
          </form>
        </>
      ),
    );
  }

  @Post('totp/setup')
  @Access('staff')
  @AllowPending()
  async totpSetup(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    const { secret, otpauthUri } = await this.accounts.startTotp(actor);
    await this.totpEnrolForm(req, res, actor, 200, secret, otpauthUri, []);
  }

  @Post('totp/enable')
  @Access('staff')
  @AllowPending()
  async totpEnable(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    const code = str(body.code).trim();
    try {
      if (!/^\d{6}$/.test(code)) throw new AppError(400, 'TOTP_INVALID', '动态口令必须是 6 位数字', [{ field: 'code', message: '必须是 6 位数字' }]);
      await this.accounts.enableTotp(actor, code);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      // The seed stays what setup stored; a new setup issues a new one.
      return this.pages.send(
        req,
        res,
        400,
        '双因素认证',
        { actor, csrf: req.csrfToken },
        <>
          <ErrorSummary problems={problemsOf(e, 'code').map((p) => ({ ...p, label: '动态口令' }))} />
          <p>动态口令不正确。请确认手机时间准确，或重新生成密钥后再扫码。</p>
          <form method="post" action="/admin/totp/setup">
            <Csrf token={req.csrfToken} />
            <button type="submit" class="button secondary">
              重新生成密钥
            </button>
          </form>
        </>,
      );
    }
    res.redirect(303, '/admin?done=totp');
  }

  private async totpEnrolForm(req: ConsoleRequest, res: Response, actor: Actor, status: number, secret: string, uri: string, problems: Problem[]) {
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const dataUri = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    this.pages.send(
      req,
      res,
      status,
      '双因素认证',
      { actor, csrf: req.csrfToken },
      <>
        <ErrorSummary problems={problems} />
        <ol class="steps">
          <li>
            用验证器应用扫描二维码：
            <br />
            <img src={dataUri} width={200} height={200} alt="双因素认证密钥二维码（无法扫码时请手动输入下方密钥）" />
          </li>
          <li>
            无法扫码时，手动输入密钥：<code class="secret">{secret}</code>
          </li>
          <li>
            <form method="post" action="/admin/totp/enable" class="narrow" novalidate>
              <Csrf token={req.csrfToken} />
              <Field name="code" label="验证器显示的 6 位动态口令" autocomplete="one-time-code" inputmode="numeric" required />
              <button type="submit" class="button">
                启用
              </button>
            </form>
          </li>
        </ol>
      </>,
    );
  }
}
