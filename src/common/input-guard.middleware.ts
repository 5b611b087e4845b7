import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';
import { findBadInput } from './input-guard';
import { isPagePath } from './page-paths';

/** 400 for input the validators would mishandle (see findBadInput), before any of it reaches them or Postgres. */
export function rejectBadInput(req: Request, res: Response, next: NextFunction): void {
  const problem = (Buffer.isBuffer(req.body) ? null : findBadInput(req.body)) ?? findBadInput(req.query);
  if (!problem) return next();
  // Pages answer with an HTML error page: the global filter renders it.
  if (isPagePath(req.path)) return next(AppError.badRequest(problem.field, problem.message));
  res.status(400).json({ statusCode: 400, code: 'VALIDATION_FAILED', message: `请求参数有误：${problem.field} ${problem.message}`, details: [problem] });
}
