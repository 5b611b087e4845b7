import { conceptIdsOf, contentWords, coverage, findConcepts, matchesCase, namedCases, officialRank, plainName } from './concept-match';

describe('concept matching', () => {
  it('finds the concept inside a sentence, longest trigger first, without overlaps', () => {
    expect(findConcepts('两口子过不下去了想离婚去哪办').ids).toContain('divorce');
    // 身份证丢了 (id-card-lost) wins over the shorter 身份证 (id-card) it contains
    expect(findConcepts('身份证丢了').ids).toEqual(['id-card-lost']);
    expect(findConcepts('asdfqwer').ids).toEqual([]);
  });

  it('finds a concept typed in full pinyin, with or without spaces', () => {
    expect(findConcepts('shebaoka').ids).toContain('social-security-card');
    expect(findConcepts('she bao ka').ids).toContain('social-security-card');
  });

  it('gives a document the concepts whose official wording its name contains, parentheses and title marks aside', () => {
    expect(conceptIdsOf('食品(含保健食品)经营许可核发')).toContain('food-business');
    expect(conceptIdsOf('《出生医学证明》首次签发')).toContain('birth-certificate');
    expect(conceptIdsOf('犬类准养证核发')).not.toContain('food-business');
    expect(plainName('居民身份证办理（包括临时）')).toContain('居民身份证办理');
  });

  it('ranks the most wanted official wording of a concept first', () => {
    expect(officialRank('retirement', '企业职工基本养老保险正常退休申请')).toBeLessThan(officialRank('retirement', '离休、退休提取住房公积金'));
    expect(officialRank('retirement', '公司设立登记')).toBe(Infinity);
  });

  it('segments with the government dictionary and drops fillers', () => {
    const words = contentWords('老婆休产假的工资找哪个领');
    expect(words.some((w) => w.includes('产假'))).toBe(true);
    expect(words).not.toContain('的');
    expect(words).not.toContain('哪个');
  });

  it('knows when a query names a follow-up case, in characters or pinyin', () => {
    expect(namedCases('社保卡')).toEqual([]);
    expect(matchesCase(namedCases('社保卡丢了'), '社会保障卡补领、换领、换发')).toBe(true);
    expect(matchesCase(namedCases('shebaoka buban'), '社会保障卡补领、换领、换发')).toBe(true);
    expect(matchesCase(namedCases('个体户注销'), '个体工商户注销登记')).toBe(true);
  });

  it('measures how much of the query a name covers, through expansions and pinyin', () => {
    expect(coverage(['狗'], { name: '居住证申领' })).toBe(0);
    expect(coverage(['证'], { name: '居住证申领' })).toBe(1); // only generic words: nothing to judge
    expect(coverage(['产假'], { name: '生育津贴支付' }, () => ['生育津贴'])).toBe(1);
    expect(coverage(['身分证'], { name: '居民身份证补领', pinyin: 'juminshenfenzhengbuling' })).toBe(1);
  });
});
