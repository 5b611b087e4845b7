import * as fc from 'fast-check';
import { SEED_SYNONYMS, SEED_SYNONYMS_BY_AREA } from '../../src/search/lexicon/synonyms';
import { QUESTION_WRAPPERS, STOP_WORDS, stripQuestion } from '../../src/search/lexicon/stop-words';

const len = (s: string) => [...s].length;
const terms = SEED_SYNONYMS.map((s) => s.term);
const termSet = new Set(terms);
const stopSet = new Set(STOP_WORDS);
const singleCharStops = STOP_WORDS.filter((w) => len(w) === 1);

describe('SEED_SYNONYMS', () => {
  it('has several hundred entries', () => {
    expect(SEED_SYNONYMS.length).toBeGreaterThanOrEqual(400);
  });

  it('has no duplicate terms', () => {
    const dups = terms.filter((t, i) => terms.indexOf(t) !== i);
    expect(dups).toEqual([]);
  });

  it('keeps terms short, non-empty and trimmed', () => {
    const bad = terms.filter((t) => !t || t !== t.trim() || len(t) > 12);
    expect(bad).toEqual([]);
  });

  it('never lists a term among its own expansions', () => {
    const bad = SEED_SYNONYMS.filter((s) => s.expansions.includes(s.term)).map((s) => s.term);
    expect(bad).toEqual([]);
  });

  it('has 1 to 4 distinct, non-empty expansions of at most 20 characters', () => {
    const bad = SEED_SYNONYMS.filter(
      (s) =>
        s.expansions.length < 1 ||
        s.expansions.length > 4 ||
        new Set(s.expansions).size !== s.expansions.length ||
        s.expansions.some((e) => !e.trim() || e !== e.trim() || len(e) > 20),
    ).map((s) => s.term);
    expect(bad).toEqual([]);
  });

  it('marks as mutual only one-to-one equivalents', () => {
    const mutual = SEED_SYNONYMS.filter((s) => s.mutual);
    expect(mutual.length).toBeGreaterThan(0);
    expect(mutual.filter((s) => s.expansions.length !== 1).map((s) => s.term)).toEqual([]);
    // the equivalents named in the brief
    expect(SEED_SYNONYMS.find((s) => s.term === '户口')).toMatchObject({ expansions: ['户籍'], mutual: true });
    expect(SEED_SYNONYMS.find((s) => s.term === '社保卡')).toMatchObject({ expansions: ['社会保障卡'], mutual: true });
  });

  it('never uses a stop word as a term (it could never fire)', () => {
    expect(terms.filter((t) => stopSet.has(t))).toEqual([]);
  });

  it('keeps stop words out of the inside of expansions (an expansion is matched as a phrase)', () => {
    // Multi-character stop words are single tokens; inside an expansion they break the phrase.
    const multi = STOP_WORDS.filter((w) => len(w) > 1);
    // Official compounds that jieba cuts around a single-character stop word (measured on Meilisearch 1.21).
    const splitCompounds = ['换领', '领用', '代开', '新办', '线上'];
    const bad: string[] = [];
    for (const s of SEED_SYNONYMS) {
      for (const e of s.expansions) {
        const inner = (w: string) => {
          const i = e.indexOf(w);
          return i >= 0 && i + w.length < e.length;
        };
        if (e.includes('的') || multi.some(inner) || splitCompounds.some(inner)) bad.push(`${s.term} → ${e}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('covers every service area', () => {
    const areas = Object.entries(SEED_SYNONYMS_BY_AREA);
    expect(areas.length).toBeGreaterThanOrEqual(25);
    expect(areas.filter(([, seeds]) => seeds.length === 0).map(([a]) => a)).toEqual([]);
  });

  it.each([
    ['户籍', '上户口'],
    ['户籍', '迁户口'],
    ['身份证', '身份证丢了'],
    ['出入境', '办护照'],
    ['婚姻', '领证'],
    ['生育收养', '准生证'],
    ['教育', '孩子上学报名'],
    ['就业创业', '失业金'],
    ['社保', '社保卡丢了'],
    ['养老', '办退休'],
    ['医保', '新农合'],
    ['医保', '慢病卡'],
    ['救助', '低保'],
    ['救助', '五保户'],
    ['残疾人', '办残疾证'],
    ['退役军人', '当兵回来'],
    ['公积金', '取公积金'],
    ['不动产', '房本'],
    ['规划建设', '批宅基地'],
    ['交通', '考驾照'],
    ['运输', '跑货运'],
    ['市场主体', '注册公司'],
    ['餐饮', '开饭店'],
    ['食品', '开小卖店'],
    ['烟草', '卖烟'],
    ['药店', '开药店'],
    ['娱乐', '开网吧'],
    ['旅馆', '开宾馆'],
    ['美容美发', '开理发店'],
    ['税务', '开发票'],
    ['林业', '砍树'],
    ['畜牧', '养狗'],
    ['渔业', '打鱼'],
    ['水利', '打井'],
    ['环保', '环评'],
    ['文化旅游', '卫星锅'],
    ['卫生健康', '出生证明'],
    ['公用事业', '装燃气'],
    ['公用事业', '接水'],
    ['殡葬', '人没了'],
    ['司法', '免费律师'],
    ['民族宗教', '建庙'],
    ['知识产权', '注册商标'],
    ['消防', '消防检查'],
    ['安全生产', '危化品'],
  ])('has a %s entry: %s', (_area, term) => {
    expect(termSet.has(term)).toBe(true);
  });

  // How citizens ask (domain.md §7): each phrasing is an entry, or a leading stop-word verb plus an entry
  // (领失业金 = 领 + 失业金; the stop word removes 领 in Meilisearch).
  it.each([
    '办身份证',
    '上户口',
    '迁户口',
    '生孩子',
    '准生证',
    '领证',
    '结婚',
    '结婚证丢了',
    '开饭店',
    '开小卖店',
    '注册公司',
    '执照丢了',
    '跑货运',
    '办低保',
    '救急',
    '老人补贴',
    '办残疾证',
    '社保卡丢了',
    '领失业金',
    '办退休',
    '领养老金',
    '交医保',
    '新农合',
    '报销医药费',
    '慢病卡',
    '异地就医',
    '取公积金',
    '房本',
    '过户',
    '批宅基地',
    '盖房子',
    '孩子上学报名',
    '办护照',
    '开发票',
    '人没了',
    '当兵回来',
    '砍树',
    '装燃气',
    '接水',
    '养狗',
  ])('covers the citizen phrasing %s', (phrase) => {
    const rest = singleCharStops.includes(phrase[0]) ? phrase.slice(1) : phrase;
    expect(termSet.has(phrase) || termSet.has(rest)).toBe(true);
  });

  it('maps "X丢了" forms to replacement cases', () => {
    for (const t of ['身份证丢了', '户口本丢了', '社保卡丢了', '驾照丢了', '执照丢了', '房本丢了']) {
      const s = SEED_SYNONYMS.find((x) => x.term === t)!;
      expect(s).toBeDefined();
      expect(s.expansions.some((e) => /补领|补发|补办|挂失/.test(e))).toBe(true);
    }
    expect(SEED_SYNONYMS.find((x) => x.term === '丢了')?.expansions).toEqual(expect.arrayContaining(['补领', '补发']));
  });

  it('maps common wrong characters to the right ones', () => {
    const expect1 = (term: string, official: string) =>
      expect(SEED_SYNONYMS.find((x) => x.term === term)?.expansions.some((e) => e.includes(official))).toBe(true);
    expect1('身分证', '身份证');
    expect1('户藉', '户籍');
    expect1('帐户', '账户');
    expect1('户口薄', '户口簿');
    expect1('公基金', '公积金');
  });
});

describe('STOP_WORDS', () => {
  it('has no duplicates or blanks', () => {
    expect(STOP_WORDS.filter((w, i) => !w.trim() || STOP_WORDS.indexOf(w) !== i)).toEqual([]);
  });

  it('contains the function words and the blocking leading verbs', () => {
    for (const w of ['的', '了', '吗', '呢', '我', '我想', '请问', '一下', '怎么', '如何', '哪里', '什么', '需要', '办理']) {
      expect(STOP_WORDS).toContain(w);
    }
    for (const v of ['办', '开', '领', '上', '弄', '搞']) expect(STOP_WORDS).toContain(v);
  });

  it('contains nothing that distinguishes matter names', () => {
    const meaningful = [
      '证',
      '许可',
      '登记',
      '证明',
      '证书',
      '补助',
      '补贴',
      '保险',
      '津贴',
      '救助',
      '卡',
      '户',
      '补',
      '换',
      '迁',
      '丢',
      '申领',
      '补领',
      '换领',
      '补办',
      '变更',
      '注销',
      '迁移',
      '备案',
      '审批',
      '认定',
      '核发',
      '查询',
      '提取',
      '报销',
      '缴纳',
      '咨询',
      '延续',
      '转移',
      '取',
      '打',
      '报',
      '和',
      '及',
      '与',
      '或',
      '公积金',
      '社保',
      '医保',
      '户口',
      '身份证',
    ];
    expect(meaningful.filter((w) => stopSet.has(w))).toEqual([]);
  });
});

describe('QUESTION_WRAPPERS and stripQuestion', () => {
  it('exports regular expressions', () => {
    expect(QUESTION_WRAPPERS.length).toBeGreaterThan(10);
    for (const r of QUESTION_WRAPPERS) expect(r).toBeInstanceOf(RegExp);
  });

  it.each([
    ['身份证丢了怎么办', '身份证丢了'],
    ['开饭店需要办什么证', '开饭店'],
    ['生孩子要办啥', '生孩子'],
    ['我想办身份证', '办身份证'],
    ['请问怎么迁户口？', '迁户口'],
    ['办护照需要什么材料', '办护照'],
    ['结婚证在哪里办', '结婚证'],
    ['在哪里办结婚证', '结婚证'],
    ['社保卡补办流程是什么', '社保卡补办'],
    ['营业执照多少钱', '营业执照'],
    ['驾驶证换证要多久', '驾驶证换证'],
    ['公积金提取可以网上办吗？', '公积金提取'],
    ['怎么办理居住证', '居住证'],
    ['如何办理护照', '护照'],
    ['低保怎么申请', '低保'],
    ['办低保需要什么条件', '办低保'],
    ['人没了要办什么手续', '人没了'],
    ['你好，我想问一下孩子上学报名要带什么', '孩子上学报名'],
    ['我的社保卡丢了咋整', '社保卡丢了'],
    ['开小卖店要办哪些证件', '开小卖店'],
    ['办理营业执照需要哪些材料？', '营业执照'],
    ['退休以后要办什么', '退休'],
    ['老人去世了需要办理哪些手续', '老人去世了'],
    ['二手房过户要交多少钱', '二手房过户'],
    ['请问一下，残疾证在哪个部门办理？', '残疾证'],
    ['营业执照丢了该怎么办呢', '营业执照丢了'],
    ['异地就医怎么备案', '异地就医备案'],
    ['孩子出生后要办哪些证', '孩子出生'],
    ['居住证可以在网上申请吗', '居住证'],
    ['新生儿上户口需要准备哪些材料', '新生儿上户口'],
    ['身份证办理时间', '身份证'],
    ['社保局电话是多少', '社保局'],
    ['五保户是什么', '五保户'],
    ['想开个小吃店', '开小吃店'],
    ['我要开一家超市', '开超市'],
    ['生孩子有什么补贴', '生孩子补贴'],
    ['关于低保的问题', '低保'],
    ['怎么开发票', '开发票'],
    ['户口怎么迁', '户口迁'],
    ['身份证丢了怎么办需要什么材料', '身份证丢了'],
  ])('%s → %s', (question, core) => {
    expect(stripQuestion(question)).toBe(core);
  });

  it('leaves plain queries, pinyin and initials alone', () => {
    for (const q of ['办身份证', '居民身份证补领', 'shenfenzheng', 'sfz', '办个体户', '哪些人可以申请公租房', '医疗费用']) {
      expect(stripQuestion(q)).toBe(q);
    }
    expect(stripQuestion('  sfz ')).toBe('sfz');
  });

  it('falls back to the trimmed query when nothing would remain', () => {
    expect(stripQuestion('怎么办？')).toBe('怎么办');
    expect(stripQuestion('我想咨询一下')).toBe('我想咨询一下');
    expect(stripQuestion('？？')).toBe(''); // no content at all: nothing to keep
  });

  it('never empties a query with content, and is idempotent', () => {
    const pieces = ['我想', '请问', '怎么', '办', '身份证', '丢了', '怎么办', '需要什么材料', '在哪里办', '？', '，', ' ', 'sfz', '2024', '吗', '开', '饭店'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const q = parts.join('');
        const out = stripQuestion(q);
        if (/[\p{Script=Han}\p{L}\p{N}]/u.test(q)) expect(out).not.toBe('');
        expect(stripQuestion(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CONCEPTS (the concept lexicon, by life event)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CONCEPTS } = require('../../src/search/lexicon/concepts') as typeof import('../../src/search/lexicon/concepts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GENERIC_WORDS, findConcepts } = require('../../src/search/concept-match') as typeof import('../../src/search/concept-match');

  it('has well over a thousand triggers across the life events', () => {
    expect(CONCEPTS.flatMap((c) => c.triggers).length).toBeGreaterThanOrEqual(1500);
    expect(new Set(CONCEPTS.map((c) => c.event)).size).toBeGreaterThanOrEqual(12);
  });

  it('has unique ids, and every concept has official wording and triggers', () => {
    const ids = CONCEPTS.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(CONCEPTS.filter((c) => !c.official.length || !c.triggers.length).map((c) => c.id)).toEqual([]);
  });

  it('never uses a single character or a generic word as a trigger', () => {
    const bad = CONCEPTS.flatMap((c) => c.triggers).filter((t) => len(t) < 2 || GENERIC_WORDS.has(t) || stopSet.has(t));
    expect(bad).toEqual([]);
  });

  it('finds each trigger, on its own, as one of its concepts', () => {
    const bad = CONCEPTS.flatMap((c) => c.triggers.filter((t) => !findConcepts(t.toLowerCase()).ids.includes(c.id)).map((t) => `${c.id}:${t}`));
    expect(bad).toEqual([]);
  });
});
