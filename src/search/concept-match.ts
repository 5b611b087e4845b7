import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { Concept, CONCEPTS } from './lexicon/concepts';
import { STOP_WORDS } from './lexicon/stop-words';
import { syllablesOf } from './pinyin';

/**
 * Pure helpers around the concept lexicon (lexicon/concepts.ts): which concepts a document carries (index time),
 * which concepts a query names (query time), the query's content words (segmentation with a government-service
 * dictionary, fillers dropped), the follow-up case a query names, and how well a result covers the query
 * (the relevance floor). No per-query cases anywhere: the same steps for every query.
 */

const HAN = /\p{Script=Han}/u;

/** Words that wrap a matter without telling matters apart: never enough on their own to make a result relevant. */
export const GENERIC_WORDS = new Set([
  '证',
  '证件',
  '证明',
  '证书',
  '登记',
  '备案',
  '申请',
  '申领',
  '办理',
  '手续',
  '材料',
  '许可',
  '审批',
  '服务',
  '信息',
  '查询',
  '咨询',
  '业务',
  '事项',
  '个人',
  '单位',
  '政府',
  '部门',
  '窗口',
  '办',
  '弄',
  '搞',
  '有',
  '没有',
  '能',
  '能不能',
  '可以',
  '要',
  '想',
  '去',
  '找',
  '哪个',
  '哪里',
  '怎么',
  '什么',
  '啥',
  '啥子',
  '多少',
  '一下',
  '现在',
  '今年',
  '已经',
  '自己',
  '家里',
  '家头',
  '我家',
  '我们',
  '他们',
  '我',
  '你',
  '他',
  '她',
  '人',
  '事',
  '东西',
  '情况',
  '问题',
  '需要',
  '还',
  '也',
  '都',
  '就',
  '又',
  '再',
  '先',
  '才',
  '被',
  '把',
  '让',
  '给',
  '跟',
  '和',
  '与',
  '及',
  '或',
  '在',
  '到',
  '了',
  '的',
  '吗',
  '呢',
  '啊',
  '吧',
  '么',
  '嘛',
  '呀',
  '得',
  '地',
  '着',
  '过',
  '个',
  '一个',
  '些',
  '点',
  '一点',
  '每',
  '每月',
  '每年',
  '里',
  '上',
  '下',
  '中',
  '后',
  '前',
  '时',
  '时候',
  '以后',
  '之后',
  '处理',
  '领',
  '交',
  '开',
  '办个',
  '做',
]);

const FILLER = new Set([...STOP_WORDS, ...GENERIC_WORDS]);

/** Trigger → concept ids, longest first; Han triggers also as joined pinyin (shebaoka) for typed pinyin. */
interface TriggerEntry {
  trigger: string;
  ids: string[];
}

function buildTriggers(concepts: Concept[]): TriggerEntry[] {
  const map = new Map<string, Set<string>>();
  const add = (t: string, id: string) => {
    const set = map.get(t) ?? new Set<string>();
    set.add(id);
    map.set(t, set);
  };
  for (const c of concepts) {
    for (const t of c.triggers) {
      add(t.toLowerCase(), c.id);
      // Full pinyin of a Han trigger (身份证 → shenfenzheng): long enough not to occur by chance in other pinyin.
      if (HAN.test(t) && !/[^\p{Script=Han}]/u.test(t)) {
        const joined = syllablesOf(t).join('');
        if (joined.length >= 7) add(joined, c.id);
      }
    }
  }
  return [...map.entries()]
    .map(([trigger, ids]) => ({ trigger, ids: [...ids] }))
    .sort((a, b) => b.trigger.length - a.trigger.length || a.trigger.localeCompare(b.trigger));
}

const TRIGGERS = buildTriggers(CONCEPTS);
export const CONCEPT_BY_ID = new Map(CONCEPTS.map((c) => [c.id, c]));

let jieba: Jieba | undefined;
/** jieba with its default dictionary plus the government-service words: official fragments and triggers. */
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const words = new Set<string>();
    for (const c of CONCEPTS) for (const w of [...c.official, ...c.triggers]) if (HAN.test(w) && w.length <= 8) words.add(w);
    jieba.loadDict(Buffer.from([...words].map((w) => `${w} 20000`).join('\n')));
  }
  return jieba;
}

/** Segmented content words of a query: jieba + the government dictionary, fillers and punctuation dropped. */
export function contentWords(text: string): string[] {
  if (!text.trim()) return [];
  const words = segmenter()
    .cut(text, false)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w && /[\p{L}\p{N}]/u.test(w));
  return [...new Set(words.filter((w) => !FILLER.has(w)))];
}

export interface ConceptMatch {
  /** Concept ids found, in query order. */
  ids: string[];
  /** The triggers that matched. */
  triggers: string[];
}

/** Triggers found in the query (normalised text), longest first and never overlapping. */
export function findConcepts(text: string): ConceptMatch {
  const q = text.toLowerCase();
  const latin = !HAN.test(q) ? q.replace(/[\s'’-]+/g, '') : '';
  const hay = latin || q;
  const taken: boolean[] = new Array(hay.length).fill(false);
  const found: { at: number; ids: string[]; trigger: string }[] = [];
  for (const { trigger, ids } of TRIGGERS) {
    if (trigger.length > hay.length) continue;
    // a pinyin trigger matches typed pinyin only; a Han trigger only Han text
    if (HAN.test(trigger) !== !latin) continue;
    for (let at = hay.indexOf(trigger); at >= 0; at = hay.indexOf(trigger, at + 1)) {
      let free = true;
      for (let i = at; i < at + trigger.length; i++)
        if (taken[i]) {
          free = false;
          break;
        }
      if (!free) continue;
      for (let i = at; i < at + trigger.length; i++) taken[i] = true;
      found.push({ at, ids, trigger });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return { ids: [...new Set(found.flatMap((f) => f.ids))], triggers: found.map((f) => f.trigger) };
}

/**
 * A name as the lexicon reads it: parenthesised insertions and title marks removed, so 食品(含保健食品)经营许可核发
 * contains 食品经营许可 and 《出生医学证明》首次签发 contains 出生医学证明.
 */
export function plainName(name: string): string {
  const stripped = name.replace(/[（(][^（）()]*[）)]/g, '').replace(/[《》〈〉“”"]/g, '');
  return stripped === name ? name : `${name}|${stripped}`;
}

/** Index time: the concepts a document carries — those with an official fragment in its name or keywords. */
export function conceptIdsOf(name: string, keywords: string[] = []): string[] {
  const plain = plainName(name);
  const out: string[] = [];
  for (const c of CONCEPTS) {
    if (c.official.some((o) => plain.includes(o) || keywords.some((k) => k.includes(o)))) out.push(c.id);
  }
  return out;
}

/** Everyday words a document carries because of its concepts (searchable, ranked below every official field). */
export function everydayWordsOf(ids: string[]): string {
  const words = new Set<string>();
  for (const id of ids) for (const t of CONCEPT_BY_ID.get(id)?.triggers ?? []) if (HAN.test(t)) words.add(t);
  return [...words].join(' ');
}

/**
 * How well `name` fits a concept: the position of the first official fragment it contains (0 = the concept's
 * primary matter); fragments found only in keywords count half a step later; Infinity when none.
 */
export function officialRank(conceptId: string, name: string, keywords: string[] = []): number {
  const c = CONCEPT_BY_ID.get(conceptId);
  if (!c) return Infinity;
  const plain = plainName(name);
  const i = c.official.findIndex((o) => plain.includes(o));
  if (i >= 0) return i;
  const k = c.official.findIndex((o) => keywords.some((w) => w.includes(o)));
  return k >= 0 ? k + 0.5 : Infinity;
}

// ── follow-up cases ─────────────────────────────────────────────────────────────────────────────────────────

/** Follow-up case families: what a query says (query) → how a matter name says it (name). */
const CASES: { query: RegExp; name: RegExp }[] = [
  { query: /丢|掉了|遗失|找不到|补办|补领|补发|补个|补一|被偷|挂失|补证/, name: /补|遗失|挂失/ },
  { query: /坏了|到期|过期|换证|换领|换发|换个|换一|旧了|有效期|换新/, name: /换/ },
  { query: /注销|关掉|关了|倒闭|不干了|不开了|开不下去|关门|销户/, name: /注销/ },
  { query: /改名|改个|变更|更改|更正|错了|改成|改一下|换法人/, name: /变更|更正/ },
  { query: /迁|转回|转到|转移|转出|转入|转社保|转过/, name: /迁|转移|转入|转出|接续/ },
  { query: /暂停|歇业|停业|暂时不开|先歇|先停|歇一段/, name: /歇业|停业|暂停/ },
  { query: /年报|年度报告/, name: /年度报告|年报/ },
  { query: /查询|查一下|查看|打印|查个|查查/, name: /查询|打印/ },
  { query: /延续|延期|续期/, name: /延续|延期|续期/ },
];

/** The same case words typed in pinyin (shebaoka buban), in CASES order. */
const PINYIN_CASES: RegExp[] = [
  /bu(ban|ling|fa|zheng)|guashi|diule|yishi/,
  /huan(zheng|ling|fa)|daoqi|guoqi/,
  /zhuxiao/,
  /biangeng|gengzheng|gaiming/,
  /qianyi|zhuanyi|qianchu|qianru/,
  /zanting|xieye|tingye/,
  /nianbao|niandubaogao/,
  /chaxun|dayin/,
  /yanxu|yanqi/,
];

/** The case families a query names (indexes into CASES); empty = the citizen wants the primary application. */
export function namedCases(text: string): number[] {
  const latin = HAN.test(text) ? '' : text.toLowerCase().replace(/[\s'’-]+/g, '');
  return CASES.map((c, i) => (c.query.test(text) || (latin && PINYIN_CASES[i].test(latin)) ? i : -1)).filter((i) => i >= 0);
}

/** Whether a matter name is the case the query names. */
export function matchesCase(cases: number[], name: string): boolean {
  return cases.some((i) => CASES[i].name.test(name));
}

/** Follow-up and information cases of a matter (补 换 变更 注销 迁移 年报 …), never the primary application. */
export const FOLLOW_UP_NAME =
  /变更|延续|换发|换领|换证|补发|补领|补办|补证|遗失|挂失|注销|撤销|吊销|延期|终止|歇业|停业|迁移|转出|转入|年度报告|年报|增发|减发|停发|暂停|恢复|重核|更正|解挂|密码|校验|审验|复审|续期|咨询|查询/;

/**
 * Whether a name is a follow-up case relative to the concepts it was found by: the concept's own wording is taken
 * out first, so 居民身份证补领 is the very thing the concept 身份证丢了 wants, while 最低生活保障金增发、减发、停发 stays a
 * follow-up of 低保.
 */
export function isFollowUpFor(name: string, conceptIds: string[]): boolean {
  let rest = plainName(name);
  for (const id of conceptIds) for (const o of CONCEPT_BY_ID.get(id)?.official ?? []) rest = rest.split(o).join('|');
  return FOLLOW_UP_NAME.test(rest);
}

// ── relevance floor ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Share of the query's content (characters of its non-generic content words) that a result's own words cover:
 * a word counts when the result's name or keywords contain it, one of its expansions (synonyms), or its pinyin.
 * 1 when the query has no content word to judge (pinyin, codes, only generic words).
 */
export function coverage(
  words: string[],
  fields: { name: string; keywords?: string[]; pinyin?: string },
  expansions: (w: string) => string[] = () => [],
): number {
  const judged = words.filter((w) => HAN.test(w) && !GENERIC_WORDS.has(w));
  if (!judged.length) return 1;
  const hay = [plainName(fields.name), ...(fields.keywords ?? [])].join('|');
  let covered = 0;
  let total = 0;
  for (const w of judged) {
    total += w.length;
    if (hay.includes(w) || expansions(w).some((e) => hay.includes(e))) {
      covered += w.length;
      continue;
    }
    if (fields.pinyin && w.length >= 2) {
      const py = syllablesOf(w).join('');
      if (py.length >= 4 && fields.pinyin.includes(py)) covered += w.length;
    }
  }
  return total ? covered / total : 1;
}
