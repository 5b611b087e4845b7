import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { matterTypeLabel, SERVICE_OBJECTS } from '../code-lists/code-lists';
import { safeHighlight } from './highlight';
import { MeiliError } from './meili.client';
import { SearchNodes } from './search-nodes.service';
import { keyOf, understandQuery, UnderstoodQuery } from './query-understanding';
import { SearchIndexService } from './search-index.service';
import { conceptRequest, filterExpression, filterSql, homophoneRequest, mainRequest, mergeByScore, SearchFilters } from './search-query';
import { contentWords, coverage, findConcepts, GENERIC_WORDS, namedCases } from './concept-match';
import { aboveFloor, adjustForCase, Collapsed, collapseSameName, combine, expander, rankConceptHits, typedWordsFound } from './search-rank';
import { joinedPinyin } from './pinyin';
import type { FacetValue, SearchHit, SearchQueryDto, SearchResponse, SuggestResponse } from './search.dto';
import { MetricsService } from '../metrics/metrics.service';
import { SearchStatsService } from './search-stats.service';
import { SearchReadinessService } from './search-readiness.service';
import { ClusterEventsService } from '../cluster/cluster-events.service';
import { ReadReplica } from '../database/read-replica';

/** Weight of the homophone (pinyin) query against the main query when merging by ranking score. */
const HOMOPHONE_WEIGHT = 0.6;

interface Hit {
  id: string;
  kind: 'matter' | 'guide' | 'bundle';
  recordId: string;
  code: string;
  name: string;
  department: string;
  departmentCode: string;
  typeLabel?: string;
  timeLimit?: string;
  onSiteVisits?: number | null;
  online?: boolean;
  nearby?: boolean;
  list?: string;
  locationCodes?: string[];
  keywords?: string[];
  mainItemName?: string;
  conceptIds?: string[];
  collapseKey?: string;
  _rankingScore?: number;
  _formatted?: { name?: string; text?: string };
}

interface MeiliResult {
  hits: Hit[];
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

const FACET_PARAM: Record<string, string> = {
  kind: 'kind',
  departmentCode: 'department',
  type: 'type',
  objects: 'object',
  themes: 'theme',
  lifeStages: 'lifeStage',
  nearby: 'nearby',
  online: 'online',
  crossRegionScope: 'crossRegionScope',
};

@Injectable()
export class SearchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchService.name);
  private departmentNames = new Map<string, string>();
  private bestBets = new Map<string, string[]>();
  private synonyms = new Map<string, string[]>();
  private refreshedAt = 0;
  private refreshing?: Promise<void>;

  constructor(
    /** The Meilisearch nodes: each call goes to one in rotation and fails over to the others. */
    private readonly meili: SearchNodes,
    private readonly index: SearchIndexService,
    private readonly dataSource: DataSource,
    private readonly stats: SearchStatsService,
    private readonly metrics: MetricsService,
    private readonly readiness: SearchReadinessService,
    events: ClusterEventsService,
    /** Postgres fallback reads (Meilisearch down) go to the read replica when there is one. */
    private readonly replica: ReadReplica,
  ) {
    // Best bets and synonyms changed through any instance: drop what this one cached.
    events.on('search-settings', () => void this.invalidateCaches().catch(() => undefined));
  }

  /** Loads jieba and its government dictionary now (~1–3 s), not on the first citizen's query. */
  onApplicationBootstrap(): void {
    contentWords('办理身份证');
  }

  onApplicationShutdown(): void {
    this.meili.close();
  }

  /** `record: false` = not a citizen's search (the console's preview): left out of the zero-result and low-click reports. */
  async search(dto: SearchQueryDto, options: { record?: boolean } = {}): Promise<SearchResponse> {
    const started = performance.now();
    const q = understandQuery(dto.q ?? '');
    const filters: SearchFilters = {
      department: dto.department,
      type: dto.type,
      object: dto.object,
      theme: dto.theme,
      lifeStage: dto.lifeStage,
      nearby: dto.nearby,
      online: dto.online,
      kind: dto.kind,
    };
    await this.refreshCaches();
    let response: SearchResponse;
    try {
      // A bulk load still being indexed: partial index results would mislead; Postgres has everything.
      const ready = await this.readiness.current().then(
        (s) => s.complete,
        () => true,
      );
      response = ready ? await this.searchIndex(q, filters, dto) : await this.searchDatabase(q, filters, dto);
    } catch (e) {
      // Unreachable, or answering with an error (missing index, rejected key …): citizens still get an answer.
      if (!(e instanceof MeiliError)) throw e;
      this.logger.warn(`Meilisearch failed (${e.code}: ${e.message}); answering from Postgres`);
      response = await this.searchDatabase(q, filters, dto);
    }
    if (dto.page > 1 && response.hits.length === 0) {
      throw new AppError(400, 'PAGE_OUT_OF_RANGE', `第 ${dto.page} 页超出结果范围（共 ${response.total} 条）`, [{ field: 'page', message: '超出结果范围' }]);
    }
    if (q.raw && options.record !== false) this.stats.recordSearch(keyOf(q), response.total === 0);
    response.tookMs = Math.round((performance.now() - started) * 10) / 10;
    this.metrics.observeSearch(response.tookMs / 1000, response.degraded);
    return response;
  }

  async suggest(text: string): Promise<SuggestResponse> {
    const q = understandQuery(text);
    if (!q.text) return { suggestions: [] };
    try {
      const res = await this.searchOn({
        q: q.text,
        filter: ['kind = "matter"'],
        limit: 10,
        attributesToRetrieve: ['code', 'name'],
        attributesToSearchOn: ['name', 'keywords', 'pyj', 'pyi'],
        matchingStrategy: 'last',
      });
      return { suggestions: res.hits.map((h) => ({ code: h.code, name: h.name })) };
    } catch (e) {
      if (!(e instanceof MeiliError)) throw e;
      const rows: { code: string; name: string }[] = await this.replica.query(
        `SELECT m.code, m.name FROM service_matters m JOIN departments d ON d.id = m.department_id
         WHERE m.status = 'published' AND d.status = 'published' AND strpos(m.name, $1) > 0
         ORDER BY strpos(m.name, $1), length(m.name), m.code LIMIT 10`,
        [q.text.replace(/\s+/g, '')],
      );
      return { suggestions: rows, degraded: true };
    }
  }

  private async searchIndex(q: UnderstoodQuery, filters: SearchFilters, dto: SearchQueryDto): Promise<SearchResponse> {
    const want = dto.page * dto.limit;
    // Over-fetch: the relevance floor and same-name collapse both shrink the list.
    const fetch = Math.min(Math.max(want * 2, 20), 200);
    const concepts = findConcepts(q.text);
    const cases = namedCases(q.text);
    const words = contentWords(q.text);
    const requests: object[] = [mainRequest(this.index.catalogueUid, q, filters, fetch, dto.facets !== false, dto.highlight !== false)];
    if (concepts.ids.length) requests.push(conceptRequest(this.index.catalogueUid, concepts.ids, filters));
    const pins = q.text ? (this.bestBets.get(keyOf(q)) ?? []) : [];
    if (pins.length) {
      requests.push({
        indexUid: this.index.catalogueUid,
        q: '',
        limit: pins.length,
        filter: [...filterExpression(filters), `id IN [${pins.map((p) => JSON.stringify(`matter-${p}`)).join(', ')}]`],
      });
    }
    const { results } = await this.meili.multiSearch<MeiliResult>(requests);
    const main = results[0];
    const conceptHits = concepts.ids.length ? results[1].hits : [];
    const expand = expander(this.synonyms, q.text);
    const second = conceptHits.length ? null : homophoneRequest(this.index.catalogueUid, q, filters, fetch, main, typedWordsFound(main.hits, words, expand));
    const homophone = second ? await this.searchOn(second) : undefined;
    this.metrics.countSearchEngineQueries('main');
    this.metrics.countSearchEngineQueries('concept', concepts.ids.length ? 1 : 0);
    this.metrics.countSearchEngineQueries('homophone', second ? 1 : 0);
    const scored = adjustForCase(
      mergeByScore([
        { hits: main.hits, weight: 1 },
        { hits: homophone?.hits ?? [], weight: HOMOPHONE_WEIGHT },
      ]),
      cases,
    );
    // The relevance floor: a result must be about the query (its own words cover the query's content words).
    const floored = q.text ? aboveFloor(scored, words, expand, joinedPinyin) : scored;
    const ranked = rankConceptHits(conceptHits, concepts.ids, cases, words);
    let merged: (Hit & { pinned?: boolean })[] = combine(ranked, floored, concepts.ids, cases, words);
    // concept results come from a placeholder request: their highlights come from the main query when it found them
    const formatted = new Map(main.hits.map((h) => [h.id, h._formatted]));
    merged = merged.map((h) => (h._formatted || !formatted.get(h.id) ? h : { ...h, _formatted: formatted.get(h.id) }));
    if (pins.length) {
      const pinned = results[results.length - 1].hits.map((h) => ({ ...h, pinned: true }));
      const ids = new Set(pinned.map((p) => p.id));
      merged = [...pinned, ...merged.filter((h) => !ids.has(h.id))];
    }
    const groups = collapseSameName(merged);
    // `total`: exact when every match was fetched or the floor cut the list; otherwise Meilisearch's estimate.
    const exhaustive = main.hits.length < fetch || floored.length < scored.length;
    const total = exhaustive ? groups.length : Math.max(groups.length, (main.estimatedTotalHits ?? 0) - (merged.length - groups.length) + ranked.length);
    const page = groups.slice((dto.page - 1) * dto.limit, dto.page * dto.limit);
    if (dto.near && page.length) await this.chooseNearest(page, dto.near);
    const hits = page.map((g) => this.toHit(g.hit, g.members));
    if (dto.near && hits.length)
      await this.attachNearestPlaces(
        hits,
        page.map((g) => g.hit),
        dto.near,
      );
    return {
      query: q.raw,
      total,
      page: dto.page,
      limit: dto.limit,
      tookMs: 0,
      degraded: false,
      hits,
      facets: dto.facets === false ? {} : this.facets(main.facetDistribution ?? {}),
      suggestions: total === 0 && q.text ? await this.suggestions(q, words) : [],
    };
  }

  /** Same-name group with `near`: show the member with the nearest place (the citizen's own village). */
  private async chooseNearest(groups: Collapsed<Hit & { pinned?: boolean }>[], near: string): Promise<void> {
    const multi = groups.filter((g) => g.members.length > 1 && g.members.some((m) => m.locationCodes?.length));
    const codes = [...new Set(multi.flatMap((g) => g.members.flatMap((m) => m.locationCodes ?? [])))];
    if (!codes.length) return;
    const distance = await this.distances(codes, near);
    for (const g of multi) {
      const far = (m: Hit) => Math.min(Infinity, ...(m.locationCodes ?? []).map((c) => distance.get(c) ?? Infinity));
      const best = [...g.members].sort((a, b) => far(a) - far(b))[0];
      if (best && best !== g.hit) {
        g.members = [best, ...g.members.filter((m) => m !== best)];
        g.hit = best;
      }
    }
  }

  private async distances(codes: string[], near: string): Promise<Map<string, number>> {
    const [lat, lng] = near.split(',').map(Number);
    const res = await this.meili.search<{ hits: { code: string; _geoDistance: number }[] }>(this.index.locationsUid, {
      q: '',
      filter: [`code IN [${codes.map((c) => JSON.stringify(c)).join(', ')}]`],
      sort: [`_geoPoint(${lat}, ${lng}):asc`],
      limit: codes.length,
      attributesToRetrieve: ['code', '_geo'],
    });
    return new Map(res.hits.map((h) => [h.code, h._geoDistance]));
  }

  private toHit(h: Hit & { pinned?: boolean }, members: Hit[] = [h]): SearchHit {
    const others = members.length > 1 ? members : [];
    return {
      kind: h.kind,
      id: h.recordId,
      code: h.code,
      name: h.name,
      department: { code: h.departmentCode, name: h.department },
      ...(h.kind === 'matter'
        ? { matterType: h.typeLabel, timeLimit: h.timeLimit, onSiteVisits: h.onSiteVisits ?? null, online: h.online, nearby: h.nearby }
        : {}),
      ...(h.kind === 'guide' ? { list: h.list, timeLimit: h.timeLimit } : {}),
      highlight: { name: safeHighlight(h._formatted?.name ?? h.name), snippet: safeHighlight(h._formatted?.text) },
      ...(h.pinned ? { pinned: true } : {}),
      ...(others.length ? { sameNameCount: others.length, sameNameDepartments: others.map((m) => ({ code: m.departmentCode, name: m.department })) } : {}),
    };
  }

  /** 就近办: the handling places of each hit, nearest to the citizen first (Meilisearch geo sort). */
  private async attachNearestPlaces(hits: SearchHit[], raw: Hit[], near: string): Promise<void> {
    const codes = [...new Set(raw.flatMap((h) => h.locationCodes ?? []))];
    if (!codes.length) return;
    const [lat, lng] = near.split(',').map(Number);
    const res = await this.meili.search<{ hits: { code: string; name: string; address: string | null; _geoDistance: number }[] }>(this.index.locationsUid, {
      q: '',
      filter: [`code IN [${codes.map((c) => JSON.stringify(c)).join(', ')}]`],
      sort: [`_geoPoint(${lat}, ${lng}):asc`],
      limit: codes.length,
    });
    raw.forEach((h, i) => {
      const mine = new Set(h.locationCodes ?? []);
      hits[i].places = res.hits
        .filter((p) => mine.has(p.code))
        .slice(0, 3)
        .map((p) => ({ code: p.code, name: p.name, address: p.address, distanceMeters: p._geoDistance }));
    });
  }

  private facets(distribution: Record<string, Record<string, number>>): Record<string, FacetValue[]> {
    const label = (attribute: string, value: string): string => {
      switch (attribute) {
        case 'departmentCode':
          return this.departmentNames.get(value) ?? value;
        case 'type':
          return matterTypeLabel(value);
        case 'objects':
          return value === 'personal' ? '个人办事' : value === 'corporate' ? '法人办事' : (SERVICE_OBJECTS[value] ?? value);
        case 'kind':
          return ({ matter: '事项', guide: '指南条目', bundle: '一件事' } as Record<string, string>)[value] ?? value;
        case 'nearby':
          return value === 'true' ? '可就近办' : '不可就近办';
        case 'online':
          return value === 'true' ? '可网上办' : '不可网上办';
        default:
          return value;
      }
    };
    return Object.fromEntries(
      Object.entries(FACET_PARAM).map(([attribute, param]) => [
        param,
        Object.entries(distribution[attribute] ?? {}).map(([value, count]) => ({ value, label: label(attribute, value), count })),
      ]),
    );
  }

  /** "您是不是要找…": matter names that share the most characters with the query. */
  private async suggestions(q: UnderstoodQuery, words: string[]): Promise<string[]> {
    // Only for Chinese queries, and only names that share a real word with the query (not 证 or 登记 alone):
    // `asdfqwer` or 狗证 get no "did you mean" at all rather than a random matter.
    const judged = words.filter((w) => /\p{Script=Han}/u.test(w) && !GENERIC_WORDS.has(w));
    if (!judged.length) return [];
    // one short query per content word (a multi-word query would be cut from its end, keeping the unknown words)
    this.metrics.countSearchEngineQueries('suggestions', Math.min(judged.length, 4));
    const { results } = await this.meili
      .multiSearch<MeiliResult>(
        judged.slice(0, 4).map((w) => ({
          indexUid: this.index.catalogueUid,
          q: w,
          filter: ['kind = "matter"'],
          limit: 5,
          attributesToRetrieve: ['name'],
          attributesToSearchOn: ['name', 'keywords'],
          matchingStrategy: 'all',
        })),
      )
      .catch(() => ({ results: [] as MeiliResult[] }));
    const names = [...new Set(results.flatMap((r) => r.hits.map((h) => h.name)))];
    return names.filter((name) => coverage(judged, { name }) > 0).slice(0, 5);
  }

  /** A search restricted to some attributes; an index without documents has no such attributes yet: no hits. */
  private async searchOn(body: object): Promise<MeiliResult> {
    const { indexUid: _uid, ...rest } = body as { indexUid?: string };
    return this.meili.search<MeiliResult>(this.index.catalogueUid, rest).catch((e) => {
      if (e instanceof MeiliError && e.code === 'invalid_search_attributes_to_search_on') return { hits: [] };
      throw e;
    });
  }

  /**
   * Meilisearch unreachable: published matters from Postgres, ranked by how many of the query's character
   * bigrams (and synonym expansions) occur in the name and keywords. Filters apply; no facets.
   */
  private async searchDatabase(q: UnderstoodQuery, filters: SearchFilters, dto: SearchQueryDto): Promise<SearchResponse> {
    const text = q.text.replace(/\s+/g, '');
    const chars = [...text];
    const terms = new Set<string>(chars.length < 2 ? chars : chars.slice(0, -1).map((c, i) => c + chars[i + 1]));
    const synonyms: { expansions: string[] }[] = text
      ? await this.replica.query(`SELECT expansions FROM search_synonyms WHERE strpos($1, term) > 0`, [text])
      : [];
    synonyms.forEach((s) => s.expansions.forEach((e) => terms.add(e)));
    const where: string[] = [`m.status = 'published'`, `d.status = 'published'`];
    const params: unknown[] = [[...terms]];
    const p = (v: unknown) => `$${params.push(v)}`;
    where.push(...filterSql(filters, p));
    const score = `(SELECT count(*) FROM unnest($1::text[]) t WHERE strpos(m.name, t) > 0) * 2
      + (SELECT count(*) FROM unnest($1::text[]) t WHERE EXISTS (SELECT 1 FROM unnest(m.keywords) k WHERE strpos(k, t) > 0))`;
    if (terms.size) where.push(`${score} > 0`);
    const rows: { id: string; code: string; name: string; dcode: string; dname: string; matter_type: string; n: string }[] = await this.replica.query(
      `SELECT m.id, m.code, m.name, d.code AS dcode, d.name AS dname, m.matter_type, count(*) OVER () AS n
         FROM service_matters m JOIN departments d ON d.id = m.department_id
         WHERE ${where.join(' AND ')}
         ORDER BY ${terms.size ? `${score} DESC,` : ''} length(m.name), m.code
         LIMIT ${p(dto.limit)} OFFSET ${p((dto.page - 1) * dto.limit)}`,
      params,
    );
    return {
      query: q.raw,
      total: rows.length ? Number(rows[0].n) : 0,
      page: dto.page,
      limit: dto.limit,
      tookMs: 0,
      degraded: true,
      hits: rows.map((r) => ({
        kind: 'matter',
        id: r.id,
        code: r.code,
        name: r.name,
        department: { code: r.dcode, name: r.dname },
        matterType: matterTypeLabel(r.matter_type),
        highlight: { name: safeHighlight(r.name) },
      })),
      facets: {},
      suggestions: [],
    };
  }

  /** Department names (facet labels) and active best bets, refreshed at most every 30 s off the hot path. */
  private async refreshCaches(force = false): Promise<void> {
    if (!force && Date.now() - this.refreshedAt < 30_000) return;
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const departments: { code: string; name: string }[] = await this.dataSource.query(`SELECT code, name FROM departments`);
          const bets: { query: string; matter_id: string }[] = await this.dataSource.query(
            `SELECT query, matter_id FROM search_best_bets
             WHERE (starts_on IS NULL OR starts_on <= current_date) AND (ends_on IS NULL OR ends_on >= current_date)
             ORDER BY created_at`,
          );
          const synonyms: { term: string; expansions: string[] }[] = await this.dataSource.query(`SELECT term, expansions FROM search_synonyms`);
          this.synonyms = new Map(synonyms.map((r) => [r.term, r.expansions]));
          this.departmentNames = new Map(departments.map((d) => [d.code, d.name]));
          const map = new Map<string, string[]>();
          for (const b of bets) map.set(b.query, [...(map.get(b.query) ?? []), b.matter_id]);
          this.bestBets = map;
          this.refreshedAt = Date.now();
        } finally {
          this.refreshing = undefined;
        }
      })();
    }
    if (this.refreshedAt === 0 || force) await this.refreshing;
  }

  /** Called after staff change best bets or departments, so the next search sees them. */
  async invalidateCaches(): Promise<void> {
    await this.refreshCaches(true);
  }
}
