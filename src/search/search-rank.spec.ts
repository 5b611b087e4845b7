import { aboveFloor, adjustForCase, collapseSameName, combine, expander, rankConceptHits, typedWordsFound } from './search-rank';

const hit = (id: string, name: string, conceptIds: string[] = [], extra: object = {}) => ({ id, kind: 'matter' as const, name, conceptIds, ...extra });

describe('ranking', () => {
  it('puts the primary application before follow-ups unless the query names one', () => {
    const hits = [
      hit('a', '个体工商户年度报告', ['sole-trader', 'annual-report']),
      hit('b', '个体工商户注销登记', ['sole-trader']),
      hit('c', '个体工商户设立登记', ['sole-trader']),
    ];
    expect(rankConceptHits(hits, ['sole-trader'], [], [])[0].id).toBe('c');
    expect(rankConceptHits(hits, ['sole-trader'], [2], [])[0].id).toBe('b'); // 2 = 注销
  });

  it('prefers documents in more of the query concepts', () => {
    const hits = [hit('a', '丧葬补助金、抚恤金申领', ['death']), hit('b', '个人账户一次性待遇申领', ['death', 'pension-refund'])];
    expect(rankConceptHits(hits, ['death', 'pension-refund'], [], [])[0].id).toBe('b');
  });

  it('moves follow-up cases of the main query down by a small amount only', () => {
    const out = adjustForCase(
      [
        { ...hit('a', '残疾人证迁移'), score: 0.95 },
        { ...hit('b', '残疾人证新办'), score: 0.93 },
      ],
      [],
    );
    expect(out.map((h) => h.id)).toEqual(['b', 'a']);
  });

  it('lets a main result whose name holds every query word in right after the primary concept results', () => {
    const concept = [hit('p', '参保证明查询打印', ['social-insurance-record']), hit('o', '社会保险费缴费证明开具', ['social-insurance-record'])];
    const main = [{ ...hit('m', '视同缴费年限认定'), _rankingScore: 0.98 }];
    const out = combine(concept, main, ['social-insurance-record'], [], ['视同', '缴费', '年限']);
    expect(out.map((h) => h.id)).toEqual(['p', 'm', 'o']);
  });

  it('drops results that are not about the query (the relevance floor)', () => {
    const hits = [hit('a', '居住证申领'), hit('b', '收养登记')];
    expect(
      aboveFloor(
        hits,
        ['养狗', '狗证'],
        () => [],
        () => '',
      ),
    ).toEqual([]);
    expect(
      aboveFloor(
        [hit('c', '犬类准养证核发')],
        ['养狗'],
        (w) => (w === '养狗' ? ['犬类'] : []),
        () => '',
      ),
    ).toHaveLength(1);
  });

  it('tells when the query as typed is found (no homophone query needed) — never by pinyin alone', () => {
    const none = () => [];
    expect(typedWordsFound([hit('a', '居民身份证申领')], ['身份证'], none)).toBe(true);
    // 身分证 sounds like 身份证 but is not written in it: only the homophone query can find it
    expect(typedWordsFound([hit('a', '居民身份证申领'), hit('b', '出生医学证明')], ['身分证'], none)).toBe(false);
    expect(typedWordsFound([], ['身份证'], none)).toBe(false);
    // staff synonyms and concept wording count, as for the floor
    expect(typedWordsFound([hit('c', '犬类准养证核发')], ['养狗'], (w) => (w === '养狗' ? ['犬类'] : []))).toBe(true);
    // no Chinese content word (pinyin, codes): says nothing
    expect(typedWordsFound([hit('a', '居民身份证申领')], ['sfz'], none)).toBe(false);
  });

  it('collapses same-name results into one, keeping their order and members', () => {
    const hits = [hit('a', '高龄津贴申请代办'), hit('b', '80周岁以上老年人高龄津贴发放'), hit('c', '高龄津贴申请代办')];
    const groups = collapseSameName(hits);
    expect(groups.map((g) => g.hit.id)).toEqual(['a', 'b']);
    expect(groups[0].members.map((m) => m.id)).toEqual(['a', 'c']);
  });
});

describe('expander', () => {
  it('lets a staff synonym term of several words cover each of its words', () => {
    const expand = expander(new Map([['药罐子卡', ['门诊慢特病']]]), '药罐子卡');
    expect(expand('药罐子')).toContain('门诊慢特病');
    expect(aboveFloor([hit('a', '门诊慢特病病种待遇认定')], ['药罐子', '卡'], expand, () => '')).toHaveLength(1);
  });
});
