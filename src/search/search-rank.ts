import { CONCEPT_BY_ID, coverage, findConcepts, FOLLOW_UP_NAME, GENERIC_WORDS, isFollowUpFor, matchesCase, officialRank } from './concept-match';

/**
 * Pure ranking steps applied by SearchService after Meilisearch answered (unit-tested in search-rank.spec.ts):
 * concept results ranked by the lexicon, the follow-up case rule, the relevance floor and same-name collapse.
 */

export interface RankableHit {
  id: string;
  kind: 'matter' | 'guide' | 'bundle';
  name: string;
  keywords?: string[];
  mainItemName?: string;
  department?: string;
  conceptIds?: string[];
  collapseKey?: string;
  _rankingScore?: number;
}

const KIND_ORDER = { matter: 0, bundle: 1, guide: 2 } as const;
/** Length of a name without its parenthesised notes (（县级行使）, （包括临时）). */
const plainLength = (name: string) => name.replace(/[（(][^（）()]*[）)]/g, '').length;

/**
 * Results of the concept request (documents carrying a concept the query names), best first:
 * 1. in more of the query's concepts (离婚 + 房子 → 离婚析产); 2. the case the query names (补/换/注销 …), or
 * else the primary application before follow-ups; 3. the concept's most wanted official wording first;
 * 4. more of the query's remaining words in the name; 5. matters, bundles, guide entries; 6. shorter names.
 */
export function rankConceptHits<T extends RankableHit>(hits: T[], conceptIds: string[], cases: number[], words: string[]): T[] {
  const wanted = new Set(conceptIds);
  const key = (h: T) => {
    const mine = (h.conceptIds ?? []).filter((id) => wanted.has(id));
    const best = Math.min(...mine.map((id) => officialRank(id, h.name, h.keywords)));
    const caseRank = cases.length ? (matchesCase(cases, h.name) ? 0 : 1) : isFollowUpFor(h.name, mine) ? 1 : 0;
    const overlap = words.filter((w) => h.name.includes(w)).reduce((n, w) => n + w.length, 0);
    return [-mine.length, caseRank, Number.isFinite(best) ? best : 99, -overlap, KIND_ORDER[h.kind], plainLength(h.name)];
  };
  const keys = new Map(hits.map((h) => [h.id, key(h)]));
  return [...hits].sort((a, b) => {
    const ka = keys.get(a.id)!;
    const kb = keys.get(b.id)!;
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return 0;
  });
}

/**
 * Concept results and main-query results in one list: the concepts' primary matters (their most wanted official
 * wording, the case the query asks for) first; then main-query results whose own name holds every content word of
 * the query (视同缴费年限 → 视同缴费年限认定: the citizen typed an official name); then the other concept results;
 * then the rest of the main query.
 */
export function combine<T extends RankableHit & { _rankingScore?: number }>(
  concept: T[],
  main: T[],
  conceptIds: string[],
  cases: number[],
  words: string[],
): T[] {
  const primary: T[] = [];
  const other: T[] = [];
  for (const h of concept) {
    const first = conceptIds.some((id) => (h.conceptIds ?? []).includes(id) && officialRank(id, h.name) === 0);
    const caseOk = cases.length ? matchesCase(cases, h.name) : !isFollowUpFor(h.name, conceptIds);
    (first && caseOk ? primary : other).push(h);
  }
  const ids = new Set(concept.map((h) => h.id));
  const rest = main.filter((h) => !ids.has(h.id));
  const judged = words.filter((w) => /\p{Script=Han}/u.test(w));
  const strong = judged.length ? rest.filter((h) => (h._rankingScore ?? 0) >= 0.9 && coverage(judged, { name: h.name }) === 1) : [];
  const strongIds = new Set(strong.map((h) => h.id));
  return [...primary, ...strong, ...other, ...rest.filter((h) => !strongIds.has(h.id))];
}

/** Points a follow-up case loses (and the named case gains) against Meilisearch's ranking score of the main query. */
export const CASE_ADJUSTMENT = 0.04;

/** The main query's ranking with the case rule: follow-ups after the primary application unless the query names one. */
export function adjustForCase<T extends RankableHit & { score: number }>(hits: T[], cases: number[]): T[] {
  return hits
    .map((h) => {
      let score = h.score;
      if (cases.length) score += matchesCase(cases, h.name) ? CASE_ADJUSTMENT : 0;
      else if (FOLLOW_UP_NAME.test(h.name)) score -= CASE_ADJUSTMENT;
      return { ...h, score };
    })
    .sort((a, b) => b.score - a.score);
}

/** Below this share of the query's content covered by a result's own words, the result is not about the query. */
export const RELEVANCE_FLOOR = 0.5;

/**
 * Expansions of a query word a result may contain instead: staff synonyms of the word, of any synonym term of the
 * query that contains the word (药罐子卡 → 门诊慢特病 covers 药罐子 and 卡), and the official wording of its concepts.
 */
export function expander(synonyms: Map<string, string[]>, text = ''): (w: string) => string[] {
  const plain = text.replace(/\s+/g, '');
  const terms = plain ? [...synonyms.entries()].filter(([term]) => term.length > 1 && plain.includes(term)) : [];
  const memo = new Map<string, string[]>();
  return (w) => {
    let out = memo.get(w);
    if (!out) {
      out = [
        ...(synonyms.get(w) ?? []),
        ...terms.filter(([term]) => term.includes(w)).flatMap(([, expansions]) => expansions),
        ...findConcepts(w).ids.flatMap((id) => CONCEPT_BY_ID.get(id)?.official ?? []),
      ];
      memo.set(w, out);
    }
    return out;
  };
}

/** The relevance floor: keeps the results whose own words cover enough of the query's content words (text, FAQs and conditions are weaker signals: they rank, but never carry a result alone). */
export function aboveFloor<T extends RankableHit>(hits: T[], words: string[], expand: (w: string) => string[], pinyinOf: (name: string) => string): T[] {
  return hits.filter((h) => {
    // the result's own official words: name, keywords, main item, department (公安局 finds its matters)
    const keywords = [...(h.keywords ?? []), ...(h.mainItemName ? [h.mainItemName] : []), ...(h.department ? [h.department] : [])];
    const c = coverage(words, { name: h.name, keywords }, expand);
    if (c >= RELEVANCE_FLOOR) return true;
    return coverage(words, { name: h.name, keywords, pinyin: pinyinOf(h.name) }, expand) >= RELEVANCE_FLOOR;
  });
}

/**
 * The query's own characters found what it means: some result's own words (the floor without its pinyin fallback)
 * cover enough of the query's content. Then a homophone query (wrong characters that sound right) has nothing to add.
 */
export function typedWordsFound<T extends RankableHit>(hits: T[], words: string[], expand: (w: string) => string[]): boolean {
  // Only Chinese content words can be mistyped homophones; without any (pinyin, codes) this says nothing.
  if (!words.some((w) => /\p{Script=Han}/u.test(w) && !GENERIC_WORDS.has(w))) return false;
  return hits.some((h) => {
    const keywords = [...(h.keywords ?? []), ...(h.mainItemName ? [h.mainItemName] : []), ...(h.department ? [h.department] : [])];
    return coverage(words, { name: h.name, keywords }, expand) >= RELEVANCE_FLOOR;
  });
}

export interface Collapsed<T> {
  hit: T;
  /** Every result with the same name (the shown one first). */
  members: T[];
}

/** Same-name results (14 villages offering "高龄津贴申请代办") become one result with its members. */
export function collapseSameName<T extends RankableHit>(hits: T[]): Collapsed<T>[] {
  const groups = new Map<string, Collapsed<T>>();
  const out: Collapsed<T>[] = [];
  for (const h of hits) {
    const key = h.collapseKey ?? `${h.kind}:${h.name}`;
    const g = groups.get(key);
    if (g) g.members.push(h);
    else {
      const group = { hit: h, members: [h] };
      groups.set(key, group);
      out.push(group);
    }
  }
  return out;
}
