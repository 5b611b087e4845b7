import type { NextFunction, Request, Response } from 'express';
import type { ApiKey } from './api-key.entity';
import type { ApiKeysService } from './api-keys.service';

export type KeyedRequest = Request & { apiKey?: ApiKey };

/** Query parameters that look like a credential: a key in a URL ends up in proxy logs and browser history. */
const CREDENTIAL_PARAMS = /^(api[_-]?key|apikey|key|access[_-]?token|token)$/i;

/**
 * Reads `X-Api-Key` once per request (before rate limiting, which gives a key its own limit): an unknown, revoked
 * or expired key gets 401 — an integrator should learn at once that their key stopped working — and a key sent in
 * the query string is refused.
 */
export function apiKeyMiddleware(keys: ApiKeysService) {
  return (req: KeyedRequest, res: Response, next: NextFunction): void => {
    if (Object.keys(req.query ?? {}).some((k) => CREDENTIAL_PARAMS.test(k))) {
      res.status(400).json({
        statusCode: 400,
        code: 'API_KEY_IN_QUERY',
        message: 'API 密钥只能放在 X-Api-Key 请求头中，不能放在网址里',
        details: [{ field: Object.keys(req.query).find((k) => CREDENTIAL_PARAMS.test(k)), message: '不能在网址中传递密钥' }],
      });
      return;
    }
    const presented = req.header('x-api-key');
    if (presented === undefined) return next();
    keys.resolve(presented.trim()).then((key) => {
      if (!key) {
        res.status(401).json({ statusCode: 401, code: 'API_KEY_INVALID', message: 'API 密钥无效、已吊销或已过期' });
        return;
      }
      req.apiKey = key;
      next();
    }, next);
  };
}
