import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { malformedJsonBody } from './json-error';
import { isPagePath } from './page-paths';

/**
 * Renders the HTML error page of a page route. The web module provides it under ERROR_PAGES (common/ knows no
 * feature module); without one — the CLI, a test module — pages get the JSON body too.
 */
export interface ErrorPages {
  render(req: Request, status: number, message: string | undefined): string;
}
export const ERROR_PAGES = Symbol('ERROR_PAGES');

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求有误'],
  401: ['UNAUTHORIZED', '需要登录'],
  403: ['FORBIDDEN', '无权访问'],
  404: ['NOT_FOUND', '请求的资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持的请求方法'],
  409: ['CONFLICT', '数据冲突'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试'],
};

/**
 * The one place errors become HTTP: stable codes, Chinese messages, no stack, SQL or host names in a body.
 * Postgres constraint violations that slip past validation become 409 / 422 instead of 500.
 */
/** The body any error becomes (also used where an error must be written into an already started stream). */
export function errorBody(exception: unknown, req: Request): ErrorBody {
  return AppErrorFilter.toBody(exception, req);
}

@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** Pages (every path outside /api, /health, /metrics) get an HTML error page instead of the JSON body. */
  constructor(@Optional() @Inject(ERROR_PAGES) private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = AppErrorFilter.toBody(exception, req);
    if (body.statusCode >= 500) {
      const id = (req as Request & { id?: string }).id;
      this.logger.error(`${req.method} ${req.path} → ${body.statusCode} [request ${id}]`, exception instanceof Error ? exception.stack : String(exception));
    }
    const retryAfter = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter && !res.headersSent) res.setHeader('Retry-After', String(retryAfter));
    if (res.headersSent) return;
    if (this.pages && isPagePath(req.path)) {
      res.setHeader('Cache-Control', 'no-store');
      res
        .status(body.statusCode)
        .type('html')
        .send(this.pages.render(req, body.statusCode, body.message));
      return;
    }
    res.status(body.statusCode).json(body);
  }

  static toBody(exception: unknown, req: Request): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    // Nest's Express adapter wraps body-parser's SyntaxError in a BadRequestException (as its cause).
    const malformed = malformedJsonBody(exception instanceof HttpException ? exception.cause : exception);
    if (malformed) return malformed;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, message] = HTTP_CODES[status] ?? ['HTTP_ERROR', '请求失败'];
      if (status === 404) return { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: `接口不存在：${req.method} ${req.path}` };
      // body-parser errors (oversize body …) arrive as HttpExceptions too; malformed JSON is answered above
      return { statusCode: status, code, message };
    }
    const err = exception as { type?: string; status?: number; statusCode?: number };
    if (err && (err.type === 'entity.parse.failed' || err.type === 'entity.too.large' || err.type === 'encoding.unsupported')) {
      const status = err.status ?? err.statusCode ?? 400;
      return status === 413
        ? { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' }
        : { statusCode: 400, code: 'MALFORMED_BODY', message: '请求体不是有效的 JSON' };
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string; constraint?: string };
      if (pg.code === '23505') return { statusCode: 409, code: 'DUPLICATE', message: '编码或名称已存在' };
      if (pg.code === '23503') return { statusCode: 422, code: 'REFERENCE_INVALID', message: '引用的记录不存在或仍被引用' };
      // Input that slipped past validation: bad characters (NUL, invalid encoding), numbers out of range.
      if (pg.code === '22021' || pg.code === '22P05' || pg.code === '22003') {
        return { statusCode: 400, code: 'VALIDATION_FAILED', message: '请求参数有误：包含无法保存的字符或超出范围的数值' };
      }
      if (pg.code === '23514' || pg.code === '22P02' || pg.code === '22001') {
        return { statusCode: 422, code: 'CONSTRAINT_VIOLATED', message: '数据不符合约束' };
      }
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试' };
  }
}
