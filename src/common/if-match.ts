import { AppError } from './app-error';

/**
 * Optimistic locking over HTTP: writes to an existing record carry the version they were based on in
 * `If-Match` ("3", W/"3" or 3). Missing → 428; a stale version → 409 STALE_VERSION from the service.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(428, 'VERSION_REQUIRED', '请在 If-Match 请求头中提供所修改记录的版本号（乐观锁）', [{ field: 'If-Match', message: '缺少版本号' }]);
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new AppError(400, 'VALIDATION_FAILED', '请求参数有误：If-Match 必须是记录的版本号，如 "3"', [{ field: 'If-Match', message: '必须是版本号' }]);
  return Number(m[1]);
}

export const staleVersion = (current: number) =>
  new AppError(409, 'STALE_VERSION', `记录已被他人修改（当前版本 ${current}），请刷新后重试`, { currentVersion: current });
