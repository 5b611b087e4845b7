import { CORPORATE_OBJECTS, CORPORATE_THEMES, PERSONAL_OBJECTS, PERSONAL_THEMES } from '../code-lists/code-lists';
import { FACETS } from './index-settings';
import { POST, PRE } from './highlight';
import type { UnderstoodQuery } from './query-understanding';

/** Filters a search accepts (already validated by SearchQueryDto). */
export interface SearchFilters {
  department?: string;
  type?: string;
  object?: string;
  theme?: string;
  lifeStage?: string;
  nearby?: boolean;
  online?: boolean;
  kind?: 'matter' | 'guide' | 'bundle';
}

/** Adds a bound parameter and returns its placeholder ($1, $2 …). */
export type Bind = (value: unknown) => string;

interface FilterDefinition<V> {
  /** The index attribute (only these attributes can ever appear in a filter expression). */
  attribute: string;
  /** The same condition on a published matter `m` joined with its department `d` (the degraded Postgres search). */
  sql: (value: V, bind: Bind) => string;
}

const codesOfTheme = (label: string, list: Record<string, string>) => Object.keys(list).filter((code) => list[code] === label);
const objectCodes = (o: string) => (o === 'personal' ? PERSONAL_OBJECTS : o === 'corporate' ? CORPORATE_OBJECTS : [o]);

/**
 * One definition per filter: it produces both the Meilisearch expression (filterExpression) and the SQL of the
 * degraded search (filterSql), so the two can never disagree on which filters exist or what they mean.
 */
export const FILTERS: { [K in keyof Required<SearchFilters>]: FilterDefinition<NonNullable<SearchFilters[K]>> } = {
  department: { attribute: 'departmentCode', sql: (v, b) => `d.code = ${b(v)}` },
  type: { attribute: 'type', sql: (v, b) => `m.matter_type = ${b(v)}` },
  object: { attribute: 'objects', sql: (v, b) => `m.service_objects && ${b(objectCodes(v))}::text[]` },
  theme: {
    attribute: 'themes',
    sql: (v, b) =>
      `(m.personal_themes && ${b(codesOfTheme(v, PERSONAL_THEMES))}::text[] OR m.corporate_themes && ${b(codesOfTheme(v, CORPORATE_THEMES))}::text[])`,
  },
  lifeStage: { attribute: 'lifeStages', sql: (v, b) => `${b(v)} = ANY(m.life_stages)` },
  nearby: { attribute: 'nearby', sql: (v, b) => `m.nearby = ${b(v)}` },
  online: { attribute: 'online', sql: (v, b) => `(m.handling_forms && ARRAY['2','3']) = ${b(v)}` },
  // the degraded search holds matters only
  kind: { attribute: 'kind', sql: (v) => (v === 'matter' ? 'true' : 'false') },
};

/** A Meilisearch string literal: double-quoted, with backslashes and quotes escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const active = (filters: SearchFilters) => (Object.keys(FILTERS) as (keyof SearchFilters)[]).filter((k) => filters[k] !== undefined && filters[k] !== null);

export function filterExpression(filters: SearchFilters): string[] {
  return active(filters).map((key) => {
    const value = filters[key]!;
    const attribute = FILTERS[key].attribute;
    return typeof value === 'boolean' ? `${attribute} = ${value}` : `${attribute} = ${quote(String(value))}`;
  });
}

/** The same filters as SQL conditions on `service_matters m JOIN departments d`, values bound, never inlined. */
export function filterSql(filters: SearchFilters, bind: Bind): string[] {
  return active(filters).map((key) => (FILTERS[key].sql as (v: unknown, b: Bind) => string)(filters[key], bind));
}

export const ATTRIBUTES_TO_RETRIEVE = [
  'id',
  'kind',
  'recordId',
  'code',
  'name',
  'department',
  'departmentCode',
  'typeLabel',
  'timeLimit',
  'onSiteVisits',
  'online',
  'nearby',
  'list',
  'locationCodes',
  'keywords',
  'conceptIds',
  'collapseKey',
  'mainItemName',
];
const HIGHLIGHT = { attributesToHighlight: ['name', 'text'], attributesToCrop: ['text'], cropLength: 30, highlightPreTag: PRE, highlightPostTag: POST };

/**
 * The main query: every searchable attribute, drops the most frequent words first; facets and highlights only when
 * the client asked for them (each costs the engine about as much as the query itself, docs/benchmarks.md).
 */
export function mainRequest(indexUid: string, q: UnderstoodQuery, filters: SearchFilters, want: number, facets: boolean, highlight = true) {
  return {
    indexUid,
    q: q.text,
    filter: filterExpression(filters),
    limit: want,
    offset: 0,
    showRankingScore: true,
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE,
    ...(highlight ? HIGHLIGHT : {}),
    matchingStrategy: 'frequency',
    ...(facets ? { facets: FACETS } : {}),
  };
}

/** Most documents one concept request returns; primary cases come first from the engine (caseTier), so a cut drops follow-ups. */
export const CONCEPT_LIMIT = 100;

/**
 * The documents carrying any concept the query names (lexicon/concepts.ts, index-time `conceptIds`): a filtered
 * placeholder search — the engine only filters; search-rank.ts#rankConceptHits orders them by the lexicon.
 */
export function conceptRequest(indexUid: string, conceptIds: string[], filters: SearchFilters) {
  return {
    indexUid,
    q: '',
    filter: [...filterExpression(filters), `conceptIds IN [${conceptIds.map(quote).join(', ')}]`],
    limit: CONCEPT_LIMIT,
    sort: ['caseTier:asc'],
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE,
  };
}

/** Below this top ranking score the main query is a weak match and the homophone query runs too. */
export const HOMOPHONE_THRESHOLD = 0.9;

/**
 * Wrong characters that sound right (身分证, 社宝卡) match weakly or not at all; for those — and only those, since it
 * costs the engine more than the main query — a second query of the pinyin syllables on `py` (shen fen zheng) is
 * sent and merged. Not when the main query is strong (top score ≥ 0.9), nor when `typedFound`: some main result's
 * own words already cover the query's content as typed (search-rank.ts#typedWordsFound), so the characters were right.
 */
export function homophoneRequest(
  indexUid: string,
  q: UnderstoodQuery,
  filters: SearchFilters,
  want: number,
  main: { hits: { _rankingScore?: number }[] },
  typedFound = false,
) {
  if (!q.text || !q.syllables?.length || typedFound) return null;
  if ((main.hits[0]?._rankingScore ?? 0) >= HOMOPHONE_THRESHOLD) return null;
  return {
    indexUid,
    q: q.syllables.join(' '),
    filter: filterExpression(filters),
    limit: want,
    offset: 0,
    showRankingScore: true,
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE,
    attributesToSearchOn: ['py'],
    matchingStrategy: 'all',
  };
}

/** Merges ranked lists by weighted ranking score, keeping each document once (its best score). */
export function mergeByScore<T extends { id: string; _rankingScore?: number }>(lists: { hits: T[]; weight: number }[]): (T & { score: number })[] {
  const best = new Map<string, T & { score: number }>();
  for (const { hits, weight } of lists) {
    for (const hit of hits) {
      const score = (hit._rankingScore ?? 0) * weight;
      const seen = best.get(hit.id);
      if (!seen || seen.score < score) best.set(hit.id, { ...(seen ?? hit), score });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
