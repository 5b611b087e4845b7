import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be delivered (SSRF guard). A target must
 * - be an http(s) URL without credentials, whose host is on the configured allow-list (WEBHOOK_ALLOWED_HOSTS:
 *   exact host names, or `*.example.gov.cn` for any sub-domain);
 * - resolve, at delivery time, to no loopback, link-local, unspecified, multicast or metadata address — unless
 *   loopback is explicitly allowed (WEBHOOK_ALLOW_LOOPBACK, for development and tests). Private ranges stay
 *   allowed: 电子政务外网 systems live there, and the host itself is allow-listed.
 * Pure functions, checked once when a subscription is saved and again on every resolved address.
 */
export interface TargetPolicy {
  allowedHosts: string[];
  allowLoopback: boolean;
}

const ALWAYS_BLOCKED = new BlockList();
ALWAYS_BLOCKED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, cloud metadata (169.254.169.254)
ALWAYS_BLOCKED.addSubnet('224.0.0.0', 3, 'ipv4'); // multicast and reserved
ALWAYS_BLOCKED.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud metadata
ALWAYS_BLOCKED.addAddress('::', 'ipv6');
ALWAYS_BLOCKED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_BLOCKED.addSubnet('ff00::', 8, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Why `address` may not be connected to, or null when it may. */
export function addressProblem(address: string, policy: TargetPolicy): string | null {
  let family = isIP(address);
  if (family === 0) return '不是 IP 地址';
  let ip = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) {
    ip = mapped[1];
    family = 4;
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (ALWAYS_BLOCKED.check(ip, type)) return `目标地址 ${address} 属于本机、链路本地或保留地址段，不允许推送`;
  if (!policy.allowLoopback && LOOPBACK.check(ip, type)) return `目标地址 ${address} 是本机回环地址，不允许推送`;
  return null;
}

const hostMatches = (host: string, pattern: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

/** Why `url` may not be a webhook target, or null when it may (the address is checked again when resolved). */
export function targetProblem(url: string, policy: TargetPolicy): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '不是有效的网址';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return '只支持 http 或 https 网址';
  if (u.username || u.password) return '网址中不能包含用户名或密码';
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!policy.allowedHosts.some((p) => hostMatches(host, p.toLowerCase()))) {
    return policy.allowedHosts.length
      ? `主机 ${host} 不在允许的推送目标（WEBHOOK_ALLOWED_HOSTS）中`
      : '未配置允许的推送目标（WEBHOOK_ALLOWED_HOSTS），不能创建推送订阅';
  }
  return isIP(host) ? addressProblem(host, policy) : null;
}

export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
