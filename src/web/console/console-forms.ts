import type { Type } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { createValidationPipe } from '../../common/validation.pipe';
import type { Problem } from './layout';

/** Field problems of a refusal: validation details, or the importer's per-record problems (references at submit). */
export function problemsOf(e: AppError): Problem[] {
  const d = e.details;
  const list = Array.isArray(d) ? d : d && Array.isArray((d as { problems?: unknown }).problems) ? (d as { problems: Problem[] }).problems : [];
  return list.length ? list.map((p) => ({ field: String(p.field ?? ''), message: String(p.message ?? '') })) : [{ field: '', message: e.message }];
}

/** A refusal the page shows next to the form (bad input, a conflict), rather than on an error page. */
export const shownOnForm = (e: unknown): e is AppError => e instanceof AppError && [400, 409, 422].includes(e.status);

/** A time as staff in 北镇 read it. */
export const when = (iso: string | Date | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

export const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A single string form value, trimmed ('' when absent or repeated). */
export const text = (v: unknown) => str(v).trim();

/** The first message for a field, to show next to it. */
export const errorFor = (problems: Problem[], field: string) => problems.find((p) => p.field === field)?.message;

/** The body through the same DTO and ValidationPipe as the JSON API (400 VALIDATION_FAILED with field details). */
export async function validated<T extends object>(dto: Type<T>, body: object): Promise<T> {
  return (await createValidationPipe(dto).transform(body, { type: 'body', metatype: dto })) as T;
}

/** A form's version field (the If-Match of the JSON API). */
export function postedVersion(body: Record<string, unknown>): number | undefined {
  return typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : undefined;
}

export function requireVersion(body: Record<string, unknown>): number {
  const v = postedVersion(body);
  if (v === undefined) throw new AppError(428, 'VERSION_REQUIRED', '表单缺少版本号，请刷新页面后重试');
  return v;
}

/** The named query parameters that are present (a query DTO keeps its defaults for the others). */
export function pick(raw: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => raw[k] !== undefined && raw[k] !== '').map((k) => [k, raw[k]]));
}
