import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling a request repeats. */
export interface RequestContext {
  requestId: string;
}

/**
 * The request being handled, for the logger. Started by the httpHeaders middleware (src/common/http-headers.ts),
 * the first of every request; the body parsers keep it (raw-body binds its callback to the caller's context),
 * which test/logging.e2e-spec.ts checks with an upload that arrives in two parts.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
