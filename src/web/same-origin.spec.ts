import { crossSiteReason } from './same-origin';

describe('portal form posts: same origin only (crossSiteReason)', () => {
  const own = ['https://banshi.example.gov.cn', 'http://127.0.0.1:3000'];

  it('lets a form on our own page through (Sec-Fetch-Site same-origin, or a matching Origin in older browsers)', () => {
    expect(crossSiteReason({ 'sec-fetch-site': 'same-origin', origin: 'https://banshi.example.gov.cn' }, own)).toBeNull();
    expect(crossSiteReason({ origin: 'http://127.0.0.1:3000' }, own)).toBeNull();
    expect(crossSiteReason({ origin: 'HTTPS://BANSHI.EXAMPLE.GOV.CN' }, own)).toBeNull();
    expect(crossSiteReason({ 'sec-fetch-site': 'none' }, own)).toBeNull();
  });

  it('refuses a post from another site, a sibling host, another port or an opaque origin', () => {
    expect(crossSiteReason({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, own)).toBe('Sec-Fetch-Site: cross-site');
    expect(crossSiteReason({ 'sec-fetch-site': 'same-site', origin: 'https://x.example.gov.cn' }, own)).toBe('Sec-Fetch-Site: same-site');
    // Sec-Fetch-Site decides when present, even if Origin looks like ours (it cannot be set by a page)
    expect(crossSiteReason({ 'sec-fetch-site': 'cross-site', origin: 'https://banshi.example.gov.cn' }, own)).not.toBeNull();
    expect(crossSiteReason({ origin: 'https://evil.example' }, own)).toBe('Origin: https://evil.example');
    expect(crossSiteReason({ origin: 'http://127.0.0.1:3001' }, own)).not.toBeNull();
    expect(crossSiteReason({ origin: 'null' }, own)).not.toBeNull();
  });

  it('lets a client without either header through (not a browser, so not a forgery vector)', () => {
    expect(crossSiteReason({}, own)).toBeNull();
  });
});
