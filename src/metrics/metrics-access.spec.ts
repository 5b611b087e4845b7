import { metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
  const token = 'm'.repeat(40);
  it('is absent without a configured token, whatever the request sends', () => {
    expect(metricsAccess(undefined, undefined)).toBe('absent');
    expect(metricsAccess(undefined, `Bearer ${token}`)).toBe('absent');
  });
  it('admits only the configured bearer token', () => {
    expect(metricsAccess(token, `Bearer ${token}`)).toBe('ok');
    expect(metricsAccess(token, `bearer ${token}`)).toBe('ok');
    expect(metricsAccess(token, undefined)).toBe('unauthorised');
    expect(metricsAccess(token, token)).toBe('unauthorised');
    expect(metricsAccess(token, `Bearer ${token}x`)).toBe('unauthorised');
    expect(metricsAccess(token, `Basic ${token}`)).toBe('unauthorised');
  });
});
