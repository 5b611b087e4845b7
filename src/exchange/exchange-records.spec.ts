import { canonicalMatter, clean, fingerprint } from './exchange-records';

describe('exchange records', () => {
  it('treats absent, null, blank and empty as the same "none"', () => {
    expect(clean({ a: null, b: '', c: [], d: {}, e: ' ', f: 0, g: false, h: [null] })).toEqual({ f: 0, g: false });
  });

  it('fingerprints ignore key order and default values', () => {
    const a = canonicalMatter({ code: 'M', name: 'n', departmentCode: 'D', matterType: '01', charged: false, keywords: [] });
    const b = canonicalMatter({ matterType: '01', departmentCode: 'D', name: 'n', code: 'M', status: 'published' });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(canonicalMatter({ ...b, name: 'other' }))).not.toBe(fingerprint(a));
  });
});
