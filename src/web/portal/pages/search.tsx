import type { SearchHit, SearchQueryDto, SearchResponse } from '../../../search/search.dto';
import type { LocationResponse } from '../../../service-locations/service-location.dto';
import { Breadcrumb, Pagination } from '../../ui/components';
import type { PageContext } from '../../ui/page-context';
import type { Here, PlaceGroup } from '../places';
import { Highlighted, PortalLayout } from '../portal-layout';

/** The one search box (GET /search); portal.js adds type-ahead from /api/v1/search/suggest. */
export function SearchBox({ value, autofocus }: { value: string; autofocus?: boolean }) {
  return (
    <form class="search-form" method="get" action="/search" role="search">
      <div class="field">
        <label for="q">搜索办事事项</label>
        <p class="hint" id="q-hint">
          用平常的话说就行，例如：办身份证、开饭店、社保卡丢了
        </p>
        <input
          class="input"
          id="q"
          name="q"
          type="search"
          value={value}
          maxLength={100}
          autoComplete="off"
          aria-describedby="q-hint"
          data-suggest="on"
          autoFocus={autofocus}
        />
      </div>
      <button class="button button-primary" type="submit">
        搜索
      </button>
    </form>
  );
}

const FILTERS: { key: keyof SearchQueryDto & string; facet: string; label: string }[] = [
  { key: 'kind', facet: 'kind', label: '类别' },
  { key: 'object', facet: 'object', label: '办事对象' },
  { key: 'department', facet: 'department', label: '部门' },
  { key: 'theme', facet: 'theme', label: '主题' },
  { key: 'lifeStage', facet: 'lifeStage', label: '人生阶段 / 企业周期' },
  { key: 'type', facet: 'type', label: '事项类型' },
];
const KIND_LABELS: Record<string, string> = { matter: '事项', guide: '办事不找关系指南', bundle: '一件事' };

/** The page's query: the API's search parameters and the portal's `place` (the citizen's township or village). */
export type PortalQuery = SearchQueryDto & { place?: string };

export interface SearchPageData {
  query: PortalQuery;
  result: SearchResponse;
  /** The service centre (for "没有找到": whom to call, where to go). */
  centre: LocationResponse | null;
  /** Title and path when this is a theme page (/themes/{code}) rather than /search. */
  theme?: { name: string; path: string };
  /** Where the citizen said they are (place or position), if they did. */
  here?: Here | null;
  /** The townships and their village points to choose from. */
  places?: PlaceGroup[];
}

/** Where a filter link or page link goes: the current query with one value changed (empty = removed). */
export function searchHref(query: PortalQuery, change: Partial<Record<string, string | number | undefined>>, base = '/search'): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = {
    q: query.q,
    department: query.department,
    type: query.type,
    object: query.object,
    theme: query.theme,
    lifeStage: query.lifeStage,
    nearby: query.nearby,
    online: query.online,
    kind: query.kind,
    near: query.near,
    place: query.place,
    page: query.page,
    ...change,
  };
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === null || v === '' || (k === 'page' && v === 1)) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/** `?place=…` or `?near=…`: where the citizen is, carried to the matter page (which then lists its nearest places first). */
export function hereParam(query: { place?: string; near?: string }): string {
  return query.near ? `?near=${encodeURIComponent(query.near)}` : query.place ? `?place=${encodeURIComponent(query.place)}` : '';
}

function hitHref(h: SearchHit, query: PortalQuery): string {
  return h.kind === 'matter' ? `/matters/${h.code}${hereParam(query)}` : h.kind === 'guide' ? `/guides/${h.code}` : `/bundles/${h.code}`;
}

/** A village or community committee (村民委员会, 居民委员会 …): the units village-level 代办 entries belong to. */
const VILLAGE_UNIT = /(村|社区|村民委员会|居民委员会|村委会|居委会|社区服务站)$/;

/**
 * A collapsed same-name hit ("高龄津贴申请代办" of 14 villages): the count in words, which one is shown (the nearest
 * with `near`), and a plain list of the units, each a GET link repeating the search for that name in that unit.
 */
function SameName({ h, query, here }: { h: SearchHit; query: PortalQuery; here?: Here | null }) {
  const n = h.sameNameCount ?? 0;
  const units = h.sameNameDepartments ?? [];
  if (n < 2) return null;
  const villages = units.length > 0 && units.every((d) => VILLAGE_UNIT.test(d.name));
  const where = villages ? '村/社区' : '单位';
  return (
    <div class="same-name">
      <p class="hint">
        <strong>{villages ? `在 ${n} 个村/社区可办` : `${n} 个单位可办`}</strong>
        {here?.near ? `，这里显示的是离您最近的：${h.department.name}` : `，这里显示的是：${h.department.name}`}
      </p>
      {units.length > 0 && (
        <details>
          <summary>{`选择您所在的${where}（${n} 个）`}</summary>
          <ul class="link-list">
            {units.map((d) => (
              <li>
                <a
                  href={searchHref({ q: h.name, page: 1, limit: query.limit, place: query.place, near: query.near } as PortalQuery, { department: d.code })}
                >{`${d.name}：${h.name}`}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Hit({ h, query, here }: { h: SearchHit; query: PortalQuery; here?: Here | null }) {
  const facts = [
    h.kind !== 'matter' ? KIND_LABELS[h.kind] : null,
    h.department?.name,
    h.timeLimit ? `办理时限：${h.timeLimit}` : null,
    h.onSiteVisits === 0 ? '不用跑腿' : h.onSiteVisits ? `跑 ${h.onSiteVisits} 次` : null,
    h.online ? '可网上办' : null,
    h.nearby ? '可就近办' : null,
  ].filter(Boolean);
  return (
    <li class="result">
      <h3>
        <a href={hitHref(h, query)}>
          <Highlighted html={h.highlight?.name ?? h.name} />
        </a>
      </h3>
      <p class="meta">{facts.join(' · ')}</p>
      {h.highlight?.snippet && (
        <p class="snippet">
          <Highlighted html={h.highlight.snippet} />
        </p>
      )}
      <SameName h={h} query={query} here={here} />
      {h.places && h.places.length > 0 && (
        <p class="hint">
          离您最近的办理点：{h.places[0].name}（{distanceText(h.places[0].distanceMeters)}）
        </p>
      )}
    </li>
  );
}

/** A distance in words: 约 1.2 公里, or 不到 0.1 公里 for the chosen place itself. */
export const distanceText = (meters: number) => (meters < 100 ? '不到 0.1 公里' : `约 ${(meters / 1000).toFixed(1)} 公里`);

/**
 * 您在哪里: pick one's township or village point from a list (a GET form: the choice stays in the URL as `place=`, and
 * links and filters carry it), or — with JavaScript and where the browser allows it — "用我的位置", which fills `near`
 * with the position rounded to about a kilometre (portal.js). Results then show the nearest place of each matter and,
 * for a name many villages carry, the nearest village's entry.
 */
export function PlaceForm({
  action,
  keep,
  here,
  places,
  id = 'place',
}: {
  action: string;
  keep: Record<string, unknown>;
  here?: Here | null;
  places: PlaceGroup[];
  id?: string;
}) {
  if (!places.length) return null;
  const hidden = Object.entries(keep).filter(([k, v]) => v !== undefined && v !== null && v !== '' && !['place', 'near', 'page'].includes(k));
  return (
    <form class="place-form no-print" method="get" action={action} data-geolocate-form="on">
      {hidden.map(([k, v]) => (
        <input type="hidden" name={k} value={String(v)} />
      ))}
      {/* filled and enabled by portal.js ("用我的位置"); a disabled field is not sent, so no empty near= in URLs */}
      <input type="hidden" name="near" value="" data-near="on" disabled />
      <div class="field">
        <label for={id}>您在哪个乡镇（街道）或村（社区）？</label>
        <p class="hint" id={`${id}-hint`}>
          {here ? `现在按“${here.label}”显示最近的办理地点。` : '选择后，先显示离您最近的办理地点。'}
        </p>
        <select class="select" id={id} name="place" aria-describedby={`${id}-hint`}>
          <option value="">不按位置</option>
          {places.map((g) => (
            <optgroup label={g.label}>
              {g.options.map((o) => (
                <option value={o.code} selected={o.code === here?.place}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="place-actions">
        <button class="button button-secondary" type="submit">
          按这个地点显示
        </button>
        <button class="button button-secondary" type="button" data-geolocate="on" hidden>
          用我的位置（定位）
        </button>
      </div>
      <p class="hint geolocate-status" role="status" aria-live="polite"></p>
    </form>
  );
}

function Filters({ data, base }: { data: SearchPageData; base: string }) {
  const { query, result } = data;
  return (
    <form class="filters" method="get" action={base} aria-labelledby="filters-title" data-autosubmit="on">
      <h2 id="filters-title">筛选</h2>
      {!data.theme && <input type="hidden" name="q" value={query.q ?? ''} />}
      {query.place && <input type="hidden" name="place" value={query.place} />}
      {query.near && <input type="hidden" name="near" value={query.near} />}
      {FILTERS.filter((f) => !(data.theme && f.key === 'theme')).map((f) => {
        const values = result.facets?.[f.facet] ?? [];
        const current = query[f.key] as string | undefined;
        if (!values.length && !current) return null;
        return (
          <div class="field">
            <label for={`f-${f.key}`}>{f.label}</label>
            <select class="select" id={`f-${f.key}`} name={f.key}>
              <option value="">全部</option>
              {current && !values.some((v) => v.value === current) && (
                <option value={current} selected>
                  {current}
                </option>
              )}
              {values.map((v) => (
                <option value={v.value} selected={v.value === current}>
                  {`${f.key === 'kind' ? (KIND_LABELS[v.value] ?? v.label) : v.label}（${v.count}）`}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <div class="field">
        <label for="f-nearby">就近办</label>
        <select class="select" id="f-nearby" name="nearby">
          <option value="">不限</option>
          <option value="true" selected={query.nearby === true}>
            可在乡镇、村（社区）办理
          </option>
        </select>
      </div>
      <div class="field">
        <label for="f-online">网上办</label>
        <select class="select" id="f-online" name="online">
          <option value="">不限</option>
          <option value="true" selected={query.online === true}>
            可网上办理
          </option>
        </select>
      </div>
      <button class="button button-primary" type="submit">
        应用筛选
      </button>
      <p>
        <a
          href={data.theme ? data.theme.path : searchHref({ q: query.q, page: 1, limit: query.limit, place: query.place, near: query.near } as PortalQuery, {})}
        >
          清除筛选
        </a>
      </p>
    </form>
  );
}

function NotFound({ data }: { data: SearchPageData }) {
  const { result, centre } = data;
  return (
    <div class="notice notice-warning" role="status">
      <h2>没有找到“{data.query.q}”相关的事项</h2>
      {result.suggestions.length > 0 && (
        <>
          <p>您是不是要找：</p>
          <ul class="link-list">
            {result.suggestions.map((s) => (
              <li>
                <a href={`/search?q=${encodeURIComponent(s)}`}>{s}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>可以换个说法再搜，例如少写几个字；或者直接问政务服务中心：</p>
      <ul>
        <li>
          政务服务便民热线：<a href="tel:12345">12345</a>
        </li>
        {centre?.phone && (
          <li>
            {centre.name}电话：<a href={`tel:${centre.phone}`}>{centre.phone}</a>
          </li>
        )}
        {centre?.address && (
          <li>
            地址：{centre.address}
            {centre.hours ? `（${centre.hours}）` : ''}
          </li>
        )}
      </ul>
    </div>
  );
}

/** 搜索结果: what GET /api/v1/search returns — highlights, facets as a plain GET form, paging, an honest "没有找到". */
export function SearchPage({ ctx, data }: { ctx: PageContext; data: SearchPageData }) {
  const { query, result } = data;
  const base = data.theme?.path ?? '/search';
  const title = data.theme ? data.theme.name : query.q ? `“${query.q}”的搜索结果` : '搜索办事事项';
  const totalPages = Math.min(20, Math.ceil(result.total / query.limit));
  const hasFilters = Boolean(query.department || query.type || query.object || query.theme || query.lifeStage || query.nearby || query.online || query.kind);
  return (
    <PortalLayout
      ctx={ctx}
      meta={{
        title,
        canonical: data.theme ? data.theme.path : undefined,
        noindex: !data.theme,
        description: data.theme ? `${data.theme.name}相关的政务服务事项` : undefined,
      }}
    >
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: data.theme ? data.theme.name : '搜索' }]} />
      <h1>{title}</h1>
      {!data.theme && <SearchBox value={query.q ?? ''} />}
      {result.degraded && <p class="notice">搜索服务繁忙，暂时只按事项名称查找，结果可能不全。</p>}
      <div class="layout-sidebar">
        <div class="results">
          <p role="status" aria-live="polite" id="result-count">
            {result.total > 0 ? `共找到 ${result.total} 条${hasFilters ? '（已筛选）' : ''}` : ''}
            {result.total > 0 && (
              <>
                {' '}
                <a class="to-filters" href="#filters-title">
                  筛选结果
                </a>
              </>
            )}
          </p>
          {(result.total > 0 || data.here) && (
            <PlaceForm
              action={base}
              keep={{
                ...(data.theme ? {} : { q: query.q, object: query.object, theme: query.theme }),
                department: query.department,
                type: query.type,
                lifeStage: query.lifeStage,
                nearby: query.nearby,
                online: query.online,
                kind: query.kind,
              }}
              here={data.here}
              places={data.places ?? []}
            />
          )}
          {result.total === 0 && (query.q || hasFilters) ? (
            <NotFound data={data} />
          ) : (
            <ol class="result-list">
              {result.hits.map((h) => (
                <Hit h={h} query={query} here={data.here} />
              ))}
            </ol>
          )}
          <Pagination
            page={query.page}
            totalPages={totalPages}
            href={(n) => searchHref(query, { page: n, ...(data.theme ? { theme: undefined, object: undefined } : {}) }, base)}
            label="搜索结果分页"
          />
        </div>
        {(result.total > 0 || hasFilters) && <Filters data={data} base={base} />}
      </div>
    </PortalLayout>
  );
}
