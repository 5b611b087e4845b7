import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppErrorFilter } from '../../common/error.filter';
import type { ConsoleRequest } from './console-http';
import { ConsolePages } from './layout';
import type { Actor } from '../../auth/actor';

const TITLES: Record<number, string> = {
  400: '请求有误',
  403: '无权执行此操作',
  404: '页面或记录不存在',
  409: '操作与当前状态冲突',
  410: '记录已停止公开',
  413: '提交内容过大',
  422: '数据不符合要求',
  428: '缺少版本号',
  429: '操作过于频繁',
};

/**
 * Errors of console pages as HTML: no session → the sign-in page (and back afterwards); a pending password change
 * or TOTP enrolment → that page; everything else → an error page with the same status and the service's Chinese
 * message (the JSON API's filter decides the status and message, so both audiences get the same answer).
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: ConsolePages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { actor?: Actor }>();
    if (res.headersSent) return;
    const body = AppErrorFilter.toBody(exception, req);
    if (body.statusCode === 401) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      const expired = body.code === 'SESSION_EXPIRED' ? (next ? '&' : '?') + 'expired=1' : '';
      res.redirect(303, `/admin/sign-in${next}${expired}`);
      return;
    }
    if (body.code === 'PASSWORD_CHANGE_REQUIRED') return void res.redirect(303, '/admin/password');
    if (body.code === 'TOTP_ENROLMENT_REQUIRED') return void res.redirect(303, '/admin/totp');
    if (body.statusCode >= 500) {
      this.logger.error(
        `${req.method} ${req.path} → ${body.statusCode} [request ${(req as Request & { id?: string }).id}]`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) res.setHeader('Retry-After', String(retry));
    const title = body.statusCode >= 500 ? '服务暂时出错' : (TITLES[body.statusCode] ?? '请求失败');
    this.pages.send(
      req,
      res,
      body.statusCode,
      title,
      { actor: req.actor, csrf: (req as ConsoleRequest).csrfToken },
      <>
        <p>{body.message}</p>
        <p class="muted">错误代码 {body.code}</p>
        <p>
          <a href="/admin">返回工作台</a>
        </p>
      </>,
    );
  }
}
