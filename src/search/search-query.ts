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

/** Attribute → filter parameter. Only these attributes can ever appear in a filter expression. */
const FILTER_ATTRIBUTES: Record<keyof SearchFilters, string> = {
  department: 'departmentCode', type: 'type', object: 'objects', theme: 'themes', lifeStage: 'lifeStages',
  nearby: 'nearby', online: 'online', kind: 'kind',
};

/** A Meilisearch string literal: double-quoted, with backslashes and quotes escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function filterExpression(filters: SearchFilters): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FILTER_ATTRIBUTES) as (keyof SearchFilters)[]) {
    const value = filters[key];
    if (value === undefined || value === null) continue;
    const attribute = FILTER_ATTRIBUTES[key];
    out.push(typeof value === 'boolean' ? `${attribute} = ${value}` : `${attribute} = ${quote(String(value))}`);
  }
  return out;
}

export const ATTRIBUTES_TO_RETRIEVE = [
  'id', 'kind', 'recordId', 'code', 'name', 'department', 'departmentCode', 'typeLabel', 'timeLimit', 'onSiteVisits', 'online',
  'nearby', 'list', 'locationCodes', 'keywords', 'conceptIds', 'collapseKey',
];
const HIGHLIGHT = { attributesToHighlight: ['name', 'text'], attributesToCrop: ['text'], cropLength: 30, highlightPreTag: PRE, highlightPostTag: POST };

/** The main query: every searchable attribute, facets, highlights; drops the most frequent words first. */
export function mainRequest(indexUid: string, q: UnderstoodQuery, filters: SearchFilters, want: number, facets: boolean) {
  return {
    indexUid, q: q.text, filter: filterExpression(filters), limit: want, offset: 0, showRankingScore: true,
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE, ...HIGHLIGHT, matchingStrategy: 'frequency', ...(facets ? { facets: FACETS } : {}),
  };
}

/** Most documents one concept request returns (the lexicon's concepts are narrow; the widest carry ~60). */
export const CONCEPT_LIMIT = 200;

/**
 * The documents carrying any concept the query names (lexicon/concepts.ts, index-time `conceptIds`): a filtered
 * placeholder search — the engine only filters; search-rank.ts#rankConceptHits orders them by the lexicon.
 */
export function conceptRequest(indexUid: string, conceptIds: string[], filters: SearchFilters) {
  return {
    indexUid, q: '', filter: [...filterExpression(filters), `conceptIds IN [${conceptIds.map(quote).join(', ')}]`],
    limit: CONCEPT_LIMIT, attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE,
  };
}

/** Below this top ranking score the main query is a weak match and the homophone query runs too. */
export const HOMOPHONE_THRESHOLD = 0.9;

/**
 * Wrong characters that sound right (身分证, 社宝卡) match weakly or not at all; for those — and only those, since it
 * doubles the engine's work — a second query of the pinyin syllables on `py` (shen fen zheng) is sent and merged.
 */
export function homophoneRequest(
  indexUid: string, q: UnderstoodQuery, filters: SearchFilters, want: number, main: { hits: { _rankingScore?: number }[] },
) {
  if (!q.text || !q.syllables?.length) return null;
  if ((main.hits[0]?._rankingScore ?? 0) >= HOMOPHONE_THRESHOLD) return null;
  return {
    indexUid, q: q.syllables.join(' '), filter: filterExpression(filters), limit: want, offset: 0, showRankingScore: true,
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE, attributesToSearchOn: ['py'], matchingStrategy: 'all',
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
