import { joinedPinyin, pinyinFields, syllablesOf } from './pinyin';

describe('pinyin fields', () => {
  it('reads polyphones from context', () => {
    expect(syllablesOf('银行')).toEqual(['yin', 'hang']);
    expect(syllablesOf('重庆')).toEqual(['chong', 'qing']);
  });

  it('indexes spaced syllables, joined suffixes and initial suffixes', () => {
    const f = pinyinFields(['居民身份证办理']);
    expect(f.py).toBe('ju min shen fen zheng ban li');
    expect(f.pyj.split(' ')).toEqual(expect.arrayContaining(['juminshenfenzhengbanli', 'shenfenzhengbanli']));
    expect(f.pyi.split(' ')).toEqual(expect.arrayContaining(['jmsfzbl', 'sfzbl']));
  });

  it('ignores non-Chinese text and punctuation', () => {
    expect(syllablesOf('ABC 123')).toEqual([]);
    expect(pinyinFields(['护照（普通）']).py).toBe('hu zhao , pu tong');
  });

  it("joins a name's syllables, the same answer when asked again (remembered)", () => {
    expect(joinedPinyin('居民身份证')).toBe('juminshenfenzheng');
    expect(joinedPinyin('居民身份证')).toBe('juminshenfenzheng');
    expect(joinedPinyin('ABC')).toBe('');
  });
});
