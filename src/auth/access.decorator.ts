import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from './actor';
import type { ApiKeyScope } from '../integration/api-key.entity';
import type { Role } from './roles';

/**
 * Who may call a route: 'public' (anyone), 'staff' (any signed-in account, even one without a role yet), named
 * roles, or client systems whose API key has a scope ('key:read:drafts').
 */
export type Audience = 'public' | 'staff' | Role | `key:${ApiKeyScope}`;

export const ACCESS_KEY = 'banshi:access';
export const ALLOW_PENDING_KEY = 'banshi:allow-pending';

/**
 * Declares who may use a route (or every route of a controller). The global AccessGuard denies any route
 * without a declaration, so forgetting it fails closed — and RouteAccessCheck refuses to start the app and lists such routes.
 */
export function Access(...who: Audience[]) {
  const staff = who.some((w) => w !== 'public' && !w.startsWith('key:'));
  const keys = who.some((w) => w.startsWith('key:'));
  return applyDecorators(
    SetMetadata(ACCESS_KEY, who),
    ...(keys ? [ApiSecurity('api-key')] : []),
    ...(staff
      ? [
          ApiBearerAuth(),
          ApiUnauthorizedResponse({ description: '未登录或会话已失效 UNAUTHENTICATED / SESSION_EXPIRED' }),
          ApiForbiddenResponse({ description: '无权执行 FORBIDDEN' }),
        ]
      : []),
  );
}

/** The route stays usable while the account must change its password or enrol a second factor (sign-out, me, …). */
export const AllowPending = () => SetMetadata(ALLOW_PENDING_KEY, true);

/** The signed-in staff member (set by AccessGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

/** Where a request came from, for the audit trail (works on public routes too). */
export const RequestOrigin = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<{ ip?: string; id?: string }>();
  return { ip: req.ip ?? null, requestId: req.id ?? null };
});
