import type { Type } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { createValidationPipe } from '../../common/validation.pipe';
import type { Problem } from './layout';

/** A time as clerks read it (Beijing time, 24 hours). */
export const when = (iso: string | Date | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/** The field problems of a refusal (validation details or an importer's `details.problems`), else its message. */
export function problemsOf(e: AppError): Problem[] {
  const d = e.details;
  const list = Array.isArray(d) ? d : d && Array.isArray((d as { problems?: unknown }).problems) ? (d as { problems: Problem[] }).problems : [];
  return list.length ? list.map((p) => ({ field: String(p.field ?? ''), message: String(p.message ?? '') })) : [{ field: '', message: e.message }];
}

/**
 * Validates a form's values with the API's own DTO and ValidationPipe (so the console and the JSON API refuse the
 * same things with the same Chinese messages). Throws the pipe's 400 AppError, whose details list the fields.
 */
export async function validated<T extends object>(dto: Type<T>, value: Record<string, unknown>): Promise<T> {
  return (await createValidationPipe(dto).transform(value, { type: 'body', metatype: dto })) as T;
}

/** A page-level refusal the page shows in its error summary (the rest — 401, 403, 404, 5xx — goes to the error page). */
export const isFormError = (e: unknown): e is AppError => e instanceof AppError && e.status < 500 && ![401, 403, 404].includes(e.status);

/** A single string form value, trimmed ('' when absent or repeated). */
export const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
