import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { sign } from './webhook-signature';
import { addressProblem, TargetPolicy } from './webhook-target';

export interface SendResult {
  ok: boolean;
  /** `HTTP 204`, or why nothing was delivered. */
  detail: string;
}

/**
 * POSTs one signed delivery. The address is checked after DNS resolution, on the socket's own lookup, so a host
 * that resolves to a loopback or metadata address (DNS rebinding) is refused at connect time. Redirects are not
 * followed; only a 2xx answer counts as delivered.
 */
export function sendWebhook(
  url: string,
  secret: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
  timeoutMs: number,
): Promise<SendResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const target = new URL(url);
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.map((a) => addressProblem(a.address, policy)).find(Boolean);
      if (bad) return callback(Object.assign(new Error(bad), { code: 'EBLOCKED' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        lookup,
        timeout: timeoutMs,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Banshi-Webhook/1',
          'X-Banshi-Timestamp': String(timestamp),
          'X-Banshi-Signature': sign(secret, timestamp, body),
          ...headers,
        },
      },
      (res) => {
        res.resume(); // the answer's body is not read
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 300, detail: `HTTP ${status}` });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`接收方 ${timeoutMs} ms 内未应答`)));
    req.on('error', (e) => resolve({ ok: false, detail: e.message.slice(0, 400) }));
    req.end(body);
  });
}
