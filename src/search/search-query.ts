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
  'nearby', 'list', 'locationCodes',
];
const HIGHLIGHT = { attributesToHighlight: ['name', 'text'], attributesToCrop: ['text'], cropLength: 30, highlightPreTag: PRE, highlightPostTag: POST };

/**
 * The main query: every searchable attribute, drops the most frequent words first; facets and highlights only when
 * the client asked for them (each costs the engine about as much as the query itself, docs/benchmarks.md).
 */
export function mainRequest(indexUid: string, q: UnderstoodQuery, filters: SearchFilters, want: number, facets: boolean, highlight = true) {
  return {
    indexUid, q: q.text, filter: filterExpression(filters), limit: want, offset: 0, showRankingScore: true,
    attributesToRetrieve: ATTRIBUTES_TO_RETRIEVE, ...(highlight ? HIGHLIGHT : {}), matchingStrategy: 'frequency',
    ...(facets ? { facets: FACETS } : {}),
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
