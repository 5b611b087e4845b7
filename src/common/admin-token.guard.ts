import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AppError } from './app-error';

/**
 * Interim protection of the staff endpoints until staff accounts exist (issue "Staff maintenance"):
 * a bearer token from ADMIN_TOKEN. Unset = the admin API is closed. Compared in constant time.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.ADMIN_TOKEN;
    if (!expected) throw new AppError(403, 'ADMIN_API_DISABLED', '管理接口未启用（未配置 ADMIN_TOKEN）');
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new AppError(401, 'UNAUTHORIZED', '需要有效的管理令牌');
    return true;
  }
}
