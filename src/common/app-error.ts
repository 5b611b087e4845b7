import type { FieldProblem } from './validation';

/**
 * An error with a stable code and a Chinese message. Services throw these; the global filter turns them into
 * `{ statusCode, code, message, details }`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(message);
  }

  static notFound(code: string, what: string): AppError {
    return new AppError(404, code, `${what}不存在或未公开`);
  }

  /**
   * A record that was published and has been archived: 410 Gone with the public reason, so a citizen who follows
   * an old link learns why (and is not told "not found").
   */
  static gone(code: string, what: string, reason: string | null): AppError {
    return new AppError(410, code, `该${what}已停止公开${reason ? `：${reason}` : ''}`, { archiveReason: reason });
  }

  /** 400 listing every field problem (the message names them all, `details` lists them one by one). */
  static invalid(problems: FieldProblem[]): AppError {
    return new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`, problems);
  }

  static badRequest(field: string, message: string, code = 'VALIDATION_FAILED'): AppError {
    return new AppError(400, code, `请求参数有误：${field} ${message}`, [{ field, message }]);
  }
}
