import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { ACCESS_KEY, ALLOW_PENDING_KEY, Audience } from './access.decorator';
import type { ApiKey, ApiKeyScope } from '../integration/api-key.entity';
import type { Actor } from './actor';
import { SessionsService, toAuditActor } from './sessions.service';

type StaffRequest = Request & { actor?: Actor; id?: string; apiKey?: ApiKey };

/**
 * The global guard: default deny. A route must declare its audience with @Access(); a route without one is
 * refused (and audited). Staff routes need a live session; an account that must change its password or enrol
 * a second factor can reach only the routes marked @AllowPending(). Role checks happen here; object-level
 * checks (which department's record) happen in the services.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const targets = [context.getHandler(), context.getClass()];
    const who = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_KEY, targets);
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const origin = { ip: req.ip ?? null, requestId: req.id ?? null };
    const route = `${req.method} ${req.route?.path ?? req.path}`;
    if (!who || who.length === 0) {
      await this.audit.recordAlone({
        actor: origin,
        action: 'access.denied',
        objectType: 'route',
        objectId: route,
        result: 'denied',
        details: { reason: 'route has no access declaration' },
      });
      throw new AppError(403, 'FORBIDDEN', '无权访问此接口');
    }
    if (who.includes('public')) return true;

    const scopes = who.filter((w) => w.startsWith('key:')).map((w) => w.slice(4));
    if (scopes.length && req.apiKey) return this.admitKey(req, req.apiKey, scopes, route, origin);

    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) {
      throw scopes.length
        ? new AppError(401, 'UNAUTHENTICATED', '需要有相应权限的 API 密钥（X-Api-Key 请求头）或员工登录')
        : new AppError(401, 'UNAUTHENTICATED', '请先登录（Authorization: Bearer <令牌>）');
    }
    const actor = await this.sessions.authenticate(token, origin);
    req.actor = actor;

    if (!this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_KEY, targets)) {
      if (actor.mustChangePassword) throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码（首次登录、密码被重置或已过期）');
      if (actor.totpEnrolmentRequired) throw new AppError(403, 'TOTP_ENROLMENT_REQUIRED', '安全策略要求启用双因素认证，请先完成绑定');
    }
    if (who.includes('staff') || (actor.role && who.includes(actor.role))) return true;
    await this.audit.recordAlone({
      actor: toAuditActor(actor),
      action: 'access.denied',
      objectType: 'route',
      objectId: route,
      result: 'denied',
      details: { allowed: who },
    });
    throw new AppError(403, 'FORBIDDEN', '当前角色无权执行此操作');
  }

  /** A client system's key acts like an editor of the key's departments, limited to the route's scopes. */
  private async admitKey(
    req: StaffRequest,
    key: ApiKey,
    scopes: string[],
    route: string,
    origin: { ip: string | null; requestId: string | null },
  ): Promise<boolean> {
    const actor: Actor = {
      accountId: key.id,
      sessionId: '',
      login: `apikey:${key.name}`,
      role: 'editor',
      departmentCodes: key.departmentCodes,
      mustChangePassword: false,
      totpEnrolmentRequired: false,
      via: 'api-key',
      ...origin,
    };
    if (scopes.some((s) => key.scopes.includes(s as ApiKeyScope))) {
      req.actor = actor;
      return true;
    }
    await this.audit.recordAlone({
      actor: toAuditActor(actor),
      action: 'access.denied',
      objectType: 'route',
      objectId: route,
      result: 'denied',
      details: { scopes: key.scopes, needed: scopes },
    });
    throw new AppError(403, 'API_KEY_SCOPE', `该 API 密钥没有所需的权限（需要 ${scopes.join(' 或 ')}）`);
  }
}
