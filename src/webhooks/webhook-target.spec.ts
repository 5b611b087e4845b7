import { addressProblem, parseAllowedHosts, targetProblem } from './webhook-target';
import { backoffMs, sign, verify } from './webhook-signature';

const policy = { allowedHosts: ['hooks.ln.gov.cn', '*.jz.gov.cn', '10.1.2.3'], allowLoopback: false };

describe('webhook targets (SSRF guard)', () => {
  it.each([
    ['https://hooks.ln.gov.cn/banshi', null],
    ['https://a.jz.gov.cn/x', null],
    ['http://10.1.2.3:8080/in', null],
  ])('allows %s', (url, expected) => expect(targetProblem(url, policy)).toBe(expected));

  it.each([
    'ftp://hooks.ln.gov.cn/x',
    'https://user:pw@hooks.ln.gov.cn/x',
    'https://evil.example.com/x',
    'https://jz.gov.cn.evil.com/x',
    'https://jz.gov.cn/x', // the bare domain is not a sub-domain
    'not a url',
  ])('refuses %s', (url) => expect(targetProblem(url, policy)).not.toBeNull());

  it('refuses loopback, link-local, metadata and unspecified addresses even when listed', () => {
    const listed = { allowedHosts: ['127.0.0.1', '169.254.169.254', '0.0.0.0', '::1', 'localhost'], allowLoopback: false };
    for (const url of ['http://127.0.0.1/', 'http://169.254.169.254/latest', 'http://0.0.0.0/', 'http://[::1]/']) {
      expect(targetProblem(url, listed)).not.toBeNull();
    }
    expect(addressProblem('127.0.0.1', listed)).not.toBeNull(); // what `localhost` resolves to
    expect(addressProblem('::ffff:127.0.0.1', listed)).not.toBeNull();
    expect(addressProblem('fe80::1', listed)).not.toBeNull();
  });

  it('allows loopback only when configured, never link-local', () => {
    const dev = { allowedHosts: ['127.0.0.1'], allowLoopback: true };
    expect(targetProblem('http://127.0.0.1:9999/hook', dev)).toBeNull();
    expect(addressProblem('169.254.169.254', dev)).not.toBeNull();
  });

  it('reads the allow-list from configuration', () => {
    expect(parseAllowedHosts(' a.gov.cn, *.b.gov.cn ,,')).toEqual(['a.gov.cn', '*.b.gov.cn']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });
});

describe('webhook signatures', () => {
  const body = '{"changes":[]}';
  it('verifies what it signs, within the tolerance', () => {
    const s = sign('secret', 1_800_000_000, body);
    expect(s).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify('secret', 1_800_000_000, body, s, 1_800_000_100)).toBe(true);
  });
  it('refuses another body, secret, or an old timestamp', () => {
    const s = sign('secret', 1_800_000_000, body);
    expect(verify('secret', 1_800_000_000, body + ' ', s, 1_800_000_000)).toBe(false);
    expect(verify('other', 1_800_000_000, body, s, 1_800_000_000)).toBe(false);
    expect(verify('secret', 1_800_000_000, body, s, 1_800_001_000)).toBe(false);
  });
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(0, 60_000, () => 0.5)).toBe(1000);
    expect(backoffMs(3, 60_000, () => 0.5)).toBe(8000);
    expect(backoffMs(30, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffMs(2, 60_000, () => 0)).toBe(3200);
  });
});
