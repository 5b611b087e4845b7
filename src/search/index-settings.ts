/**
 * The catalogue index settings, declared in code and applied on start (search-index.service.ts);
 * test/search.e2e-spec.ts checks that the live settings equal these.
 */
export interface Lexicon {
  stopWords: string[];
  synonyms: Record<string, string[]>;
}

// `everyday` (the concept lexicon's everyday words, index-time expansion) ranks below every official field except
// the long guide text.
export const SEARCHABLE_ATTRIBUTES = ['name', 'keywords', 'pyj', 'pyi', 'py', 'mainItemName', 'department', 'everyday', 'text'];
export const FILTERABLE_ATTRIBUTES = [
  'id',
  'kind',
  'departmentCode',
  'type',
  'objects',
  'themes',
  'lifeStages',
  'nearby',
  'online',
  'crossRegionScope',
  'list',
  'conceptIds',
];
export const FACETS = ['kind', 'departmentCode', 'type', 'objects', 'themes', 'lifeStages', 'nearby', 'online', 'crossRegionScope'];

export function catalogueSettings(lexicon: Lexicon) {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    sortableAttributes: ['code', 'caseTier'],
    displayedAttributes: ['*'],
    // The matter's own name first, then keywords, then other text: `attribute` right after `words`;
    // ties go to the matter itself before its follow-up cases (search-document.ts#caseTier).
    rankingRules: ['words', 'attribute', 'typo', 'proximity', 'caseTier:asc', 'sort', 'exactness'],
    stopWords: [...lexicon.stopWords].sort(),
    synonyms: lexicon.synonyms,
    // No custom dictionary: measured on 1.21 it costs ~4 ms per query (the segmenter is rebuilt per request) and,
    // with our synonyms and stop words, it did not improve quality (docs/search.md §3).
    dictionary: [],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
      disableOnNumbers: true,
    },
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 1000 },
  };
}

export const LOCATION_SETTINGS = {
  searchableAttributes: ['name', 'address'],
  filterableAttributes: ['code', '_geo', 'level'],
  sortableAttributes: ['_geo'],
};

/** Synonym rows → Meilisearch's map. One-way unless mutual; mutual rows also map every expansion back. */
export function synonymMap(rows: { term: string; expansions: string[]; mutual: boolean }[]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  const add = (key: string, values: string[]) => {
    const set = map.get(key) ?? new Set<string>();
    values.filter((v) => v !== key).forEach((v) => set.add(v));
    if (set.size) map.set(key, set);
  };
  for (const r of rows) {
    add(r.term, r.expansions);
    if (r.mutual) for (const e of r.expansions) add(e, [r.term, ...r.expansions]);
  }
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

/** Settings whose change re-tokenises documents. */
export const TOKENISING = new Set(['stopWords', 'dictionary', 'searchableAttributes', 'separatorTokens', 'nonSeparatorTokens']);
const ORDERED = new Set(['searchableAttributes', 'rankingRules', 'displayedAttributes']);

/** Settings compare equal regardless of key order, and of list order where order carries no meaning. */
export function normalise(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => normalise(x));
    return ORDERED.has(key) ? items : [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, normalise((v as Record<string, unknown>)[k], k)]),
    );
  }
  return v;
}
