import type { BundleResponse } from '../../../bundles/bundle.dto';
import type { DepartmentResponse } from '../../../departments/department.dto';
import type { GuideResponse } from '../../../guide-entries/guide-entry.dto';
import type { LocationResponse } from '../../../service-locations/service-location.dto';
import type { MatterSummary } from '../../../service-matters/service-matter.dto';
import type { Page } from '../../../common/pagination';
import { Breadcrumb, Facts, Pagination } from '../../ui/components';
import type { PageContext } from '../../ui/page-context';
import { mapLink, PortalLayout } from '../portal-layout';

export const GUIDE_LIST_ORDER = ['power', 'compliance', 'prohibited', 'deferrable'] as const;
const LIST_INTRO: Record<string, string> = {
  power: '本部门依法行使的权力事项。',
  compliance: '按规定怎么办：材料、流程、时限、地点和找谁。',
  prohibited: '工作人员绝不允许做的事。遇到请投诉。',
  deferrable: '缺少某项材料时，书面承诺后补也可以先受理。',
};

const tel = (p: string | null | undefined) => p && <a href={`tel:${p}`}>{p}</a>;

export interface DepartmentPageData {
  department: DepartmentResponse & { matters: { code: string; name: string }[] };
  places: LocationResponse[];
  lists: { list: string; label: string; page: Page<GuideResponse> }[];
}

/** 部门: its matters, its places and its four guide lists (权力清单 / 合规清单 / 违规禁办 / 容缺). */
export function DepartmentPage({ ctx, data }: { ctx: PageContext; data: DepartmentPageData }) {
  const d = data.department;
  return (
    <PortalLayout
      ctx={ctx}
      meta={{
        title: d.name,
        canonical: `/departments/${d.code}`,
        description: `${d.name}：${d.matters.length} 个政务服务事项、办事地点和《办事不找关系指南》。`,
      }}
    >
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: d.name }]} />
      <h1>{d.name}</h1>
      <Facts
        rows={[
          ['地址', d.address],
          ['电话', tel(d.phone)],
          ['监督投诉电话', tel(d.complaintPhone)],
          ['中心窗口', d.centreWindows],
          ['上级单位', d.parent?.name],
        ]}
      />
      <section class="section" aria-labelledby="d-matters">
        <h2 id="d-matters">可以办的事（{d.matters.length} 项）</h2>
        {d.matters.length ? (
          <ul class="columns">
            {d.matters.map((m) => (
              <li>
                <a href={`/matters/${m.code}`}>{m.name}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>本单位没有直接受理的政务服务事项。</p>
        )}
      </section>
      {data.places.length > 0 && (
        <section class="section" aria-labelledby="d-places">
          <h2 id="d-places">办事地点</h2>
          <ul class="places">
            {data.places.map((l) => (
              <li>
                <a href={`/locations/${l.code}`}>{l.name}</a>
                {l.address && ` · ${l.address}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="section" aria-labelledby="d-guides">
        <h2 id="d-guides">办事不找关系指南</h2>
        {data.lists.map((l) => (
          <>
            <h3>
              {l.label}（{l.page.total}）
            </h3>
            <p class="hint">{LIST_INTRO[l.list]}</p>
            {l.page.items.length > 0 && (
              <ul class="link-list">
                {l.page.items.map((g) => (
                  <li>
                    <a href={`/guides/${g.code}`}>{g.title}</a>
                  </li>
                ))}
              </ul>
            )}
            {l.page.total > l.page.items.length && (
              <p>
                <a href={`/guides?list=${l.list}&departmentCode=${d.code}`}>查看全部 {l.page.total} 条</a>
              </p>
            )}
          </>
        ))}
      </section>
    </PortalLayout>
  );
}

/** 指南条目: whom to ask, what is forbidden, what may be deferred. */
export function GuidePage({ ctx, guide: g }: { ctx: PageContext; guide: GuideResponse }) {
  return (
    <PortalLayout
      ctx={ctx}
      meta={{ title: g.title, canonical: `/guides/${g.code}`, description: `${g.department?.name ?? ''}《办事不找关系指南》${g.list.label}：${g.title}` }}
    >
      <Breadcrumb
        items={[
          { href: '/', label: '首页' },
          { href: '/guides', label: '办事不找关系指南' },
          ...(g.department ? [{ href: `/departments/${g.department.code}`, label: g.department.name }] : []),
          { label: g.title },
        ]}
      />
      <h1>{g.title}</h1>
      <p>
        <span class="tag">{g.list.label}</span>
      </p>
      <div class="summary-box">
        <h2>办事找谁</h2>
        <Facts
          rows={[
            ['编制单位', g.department?.name],
            ['窗口', g.contact?.window],
            ['岗位', g.contact?.post],
            ['联系人', g.contact?.person],
            ['电话', tel(g.contact?.phone)],
            ['地点', g.place],
            ['时间', g.hours],
          ]}
        />
      </div>
      {g.matter && (
        <p>
          对应事项：<a href={`/matters/${g.matter.code}`}>{g.matter.name}</a>（材料、流程和窗口见办事指南）
        </p>
      )}
      {g.prohibitedConduct.length > 0 && (
        <section class="section notice notice-warning" aria-labelledby="g-forbidden">
          <h2 id="g-forbidden">禁止的行为</h2>
          <ul>
            {g.prohibitedConduct.map((x) => (
              <li>{x}</li>
            ))}
          </ul>
        </section>
      )}
      {g.deferrableMaterials.length > 0 && (
        <section class="section" aria-labelledby="g-deferrable">
          <h2 id="g-deferrable">可以容缺后补的材料</h2>
          <ul>
            {g.deferrableMaterials.map((x) => (
              <li>{x}</li>
            ))}
          </ul>
          {g.commitment && <p>需要作出的承诺：{g.commitment}</p>}
        </section>
      )}
      {g.conditions && (
        <section class="section" aria-labelledby="g-conditions">
          <h2 id="g-conditions">条件</h2>
          <p>{g.conditions}</p>
        </section>
      )}
      {g.materials.length > 0 && (
        <section class="section" aria-labelledby="g-materials">
          <h2 id="g-materials">材料</h2>
          <ul>
            {g.materials.map((x) => (
              <li>{x}</li>
            ))}
          </ul>
        </section>
      )}
      {g.steps.length > 0 && (
        <section class="section" aria-labelledby="g-steps">
          <h2 id="g-steps">步骤</h2>
          <ol>
            {g.steps.map((x) => (
              <li>{x}</li>
            ))}
          </ol>
        </section>
      )}
      <Facts
        rows={[
          ['时限', g.timeLimit],
          ['收费', g.fees],
          ['纸质手册页码', g.handbookPage && `第 ${g.handbookPage} 页`],
        ]}
      />
      <section class="section" aria-labelledby="g-complaint">
        <h2 id="g-complaint">投诉渠道</h2>
        <ul>
          {g.complaintChannels.map((c) => (
            <li>
              {c.name}：{tel(c.phone)}
            </li>
          ))}
          <li>
            政务服务便民热线：<a href="tel:12345">12345</a>
          </li>
        </ul>
      </section>
    </PortalLayout>
  );
}

/** 高效办成一件事. */
export function BundlePage({ ctx, bundle: b }: { ctx: PageContext; bundle: BundleResponse }) {
  return (
    <PortalLayout
      ctx={ctx}
      meta={{ title: b.name, canonical: `/bundles/${b.code}`, description: b.description ?? `${b.name}：${b.matters.length} 个事项一次办` }}
    >
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: b.name }]} />
      <h1>{b.name}</h1>
      {b.description && <p class="lead">{b.description}</p>}
      <Facts
        rows={[
          ['牵头部门', b.department && <a href={`/departments/${b.department.code}`}>{b.department.name}</a>],
          ['人生阶段', b.lifeStages.join('、')],
        ]}
      />
      <h2>一次办好这些事（{b.matters.length} 项）</h2>
      <ol>
        {b.matters.map((m) => (
          <li>
            <a href={`/matters/${m.code}`}>{m.name}</a>
          </li>
        ))}
      </ol>
      {b.sharedMaterials.length > 0 && (
        <>
          <h2>共用材料（只交一次）</h2>
          <ul>
            {b.sharedMaterials.map((x) => (
              <li>{x}</li>
            ))}
          </ul>
        </>
      )}
    </PortalLayout>
  );
}

/** 服务场所: where it is, when it is open, and the matters handled there, grouped by department, paged. */
export function LocationPage({ ctx, location: l, matters }: { ctx: PageContext; location: LocationResponse; matters: Page<MatterSummary> }) {
  const map = mapLink(l);
  const groups: { department: { code: string; name: string } | null; items: MatterSummary[] }[] = [];
  for (const m of matters.items) {
    const last = groups[groups.length - 1];
    if (last && last.department?.code === m.department?.code) last.items.push(m);
    else groups.push({ department: m.department, items: [m] });
  }
  const totalPages = Math.ceil(matters.total / matters.limit);
  const first = (matters.page - 1) * matters.limit + 1;
  return (
    <PortalLayout
      ctx={ctx}
      meta={{
        title: matters.page > 1 ? `${l.name}（第 ${matters.page} 页）` : l.name,
        canonical: `/locations/${l.code}${matters.page > 1 ? `?page=${matters.page}` : ''}`,
        description: `${l.name}（${l.level}）：地址、办公时间、电话和可以办理的 ${matters.total} 个事项。`,
      }}
    >
      <Breadcrumb
        items={[{ href: '/', label: '首页' }, ...(l.parent ? [{ href: `/locations/${l.parent.code}`, label: l.parent.name }] : []), { label: l.name }]}
      />
      <h1>{l.name}</h1>
      <Facts
        rows={[
          ['类型', l.level],
          ['地址', l.address],
          [
            '地图',
            map && (
              <a href={map} rel="nofollow noopener">
                在地图上查看
              </a>
            ),
          ],
          ['办公时间', l.hours],
          ['电话', tel(l.phone)],
          ['主办单位', l.department && <a href={`/departments/${l.department.code}`}>{l.department.name}</a>],
          ['上级场所', l.parent && <a href={`/locations/${l.parent.code}`}>{l.parent.name}</a>],
        ]}
      />
      {l.windows.length > 0 && (
        <>
          <h2>窗口</h2>
          <ul class="columns">
            {l.windows.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </>
      )}
      <section class="section" aria-labelledby="l-matters">
        <h2 id="l-matters">在这里可以办的事（{matters.total} 项）</h2>
        {matters.total === 0 ? (
          <p>这里没有登记可办理的事项。请拨打上面的电话咨询，或到市政务服务中心办理。</p>
        ) : (
          <>
            {totalPages > 1 && (
              <p class="hint">
                第 {first}–{first + matters.items.length - 1} 项，按部门排列
              </p>
            )}
            {groups.map((g) => (
              <>
                <h3>{g.department ? <a href={`/departments/${g.department.code}`}>{g.department.name}</a> : '其他'}</h3>
                <ul class="columns">
                  {g.items.map((m) => (
                    <li>
                      <a href={`/matters/${m.code}`}>{m.name}</a>
                    </li>
                  ))}
                </ul>
              </>
            ))}
            <Pagination page={matters.page} totalPages={totalPages} href={(n) => `/locations/${l.code}${n > 1 ? `?page=${n}` : ''}`} label="事项分页" />
          </>
        )}
      </section>
    </PortalLayout>
  );
}

/** 《办事不找关系指南》: the four lists, filterable by department. */
export function GuidesIndexPage({
  ctx,
  list,
  label,
  page,
  departmentCode,
  counts,
}: {
  ctx: PageContext;
  list?: string;
  label: string;
  page: Page<GuideResponse>;
  departmentCode?: string;
  counts: { list: string; label: string; total: number }[];
}) {
  const href = (n: number) =>
    `/guides?${new URLSearchParams({ ...(list ? { list } : {}), ...(departmentCode ? { departmentCode } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <PortalLayout
      ctx={ctx}
      meta={{
        title: list ? `${label} - 办事不找关系指南` : '办事不找关系指南',
        canonical: list || departmentCode ? undefined : '/guides',
        noindex: Boolean(list || departmentCode),
        description: '各部门《办事不找关系指南》：权力事项清单、合规办事业务指南、违规禁办事项清单、容缺办理事项清单。',
      }}
    >
      <Breadcrumb items={[{ href: '/', label: '首页' }, { label: '办事不找关系指南' }]} />
      <h1>办事不找关系指南</h1>
      <p class="lead">办事不用托人找关系：每个部门公开了它能办什么、按规定怎么办、绝不允许做什么、缺材料时怎么先受理。</p>
      <ul class="card-grid">
        {counts.map((c) => (
          <li>
            <a href={`/guides?list=${c.list}`} aria-current={c.list === list ? 'page' : undefined}>
              {c.label}
            </a>
            <p class="hint">
              {c.total} 条 · {LIST_INTRO[c.list]}
            </p>
          </li>
        ))}
      </ul>
      <h2>
        {label}（{page.total}）
      </h2>
      <ul class="result-list">
        {page.items.map((g) => (
          <li class="result">
            <h3>
              <a href={`/guides/${g.code}`}>{g.title}</a>
            </h3>
            <p class="meta">
              {g.department?.name} · {g.list.label}
              {g.contact?.phone ? ` · 电话 ${g.contact.phone}` : ''}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page.page} totalPages={Math.min(Math.ceil(page.total / page.limit), 5000)} href={href} />
    </PortalLayout>
  );
}
