import { catalogueSettings, synonymMap } from './index-settings';

describe('index settings', () => {
  it('maps colloquial terms one way and true equivalents both ways', () => {
    const map = synonymMap([
      { term: '办身份证', expansions: ['居民身份证'], mutual: false },
      { term: '户口', expansions: ['户籍'], mutual: true },
    ]);
    expect(map['办身份证']).toEqual(['居民身份证']);
    expect(map['居民身份证']).toBeUndefined();
    expect(map['户口']).toEqual(['户籍']);
    expect(map['户籍']).toEqual(['户口']);
  });

  it('ranks the matter name first, then keywords, then other text', () => {
    const s = catalogueSettings({ stopWords: [], synonyms: {} });
    expect(s.searchableAttributes.slice(0, 2)).toEqual(['name', 'keywords']);
    expect(s.searchableAttributes[s.searchableAttributes.length - 1]).toBe('text');
    expect(s.rankingRules.indexOf('attribute')).toBeLessThan(s.rankingRules.indexOf('proximity'));
  });
});
