import type { BundleResponse } from '../../../bundles/bundle.dto';
import type { DepartmentResponse } from '../../../departments/department.dto';
import type { LocationResponse } from '../../../service-locations/service-location.dto';
import type { PageContext } from '../../ui/page-context';
import { PortalLayout } from '../portal-layout';
import { SearchBox } from './search';

export interface HomeData {
  popular: { query: string }[];
  personalThemes: { code: string; label: string }[];
  corporateThemes: { code: string; label: string }[];
  personalStages: readonly string[];
  corporateStages: readonly string[];
  departments: DepartmentResponse[];
  townships: LocationResponse[];
  bundles: BundleResponse[];
}

/** 首页: one search box, what people search most, 个人 / 法人 themes and life stages, 一件事, departments, 就近办. */
export function HomePage({ ctx, data }: { ctx: PageContext; data: HomeData }) {
  return (
    <PortalLayout
      ctx={ctx}
      meta={{ title: '首页', canonical: '/', description: '北镇市政务服务事项办事指南：查事项、看材料、找窗口，《办事不找关系指南》与就近办。' }}
    >
      <div class="home-search">
        <h1>您要办什么事？</h1>
        <SearchBox value="" autofocus={false} />
        {data.popular.length > 0 && (
          <p>
            大家常搜：
            {data.popular.map((p) => (
              <>
                <a href={`/search?q=${encodeURIComponent(p.query)}`}>{p.query}</a>{' '}
              </>
            ))}
          </p>
        )}
      </div>
      <div class="notice">
        <p>
          <strong>办事不找关系。</strong>每个事项都写明了要带的材料、去哪个窗口、多久办完、收不收费。遇到要求额外材料、托关系、乱收费，请看
          <a href="/guides">《办事不找关系指南》</a>，或在事项页面“反映问题”。
        </p>
      </div>

      {data.bundles.length > 0 && (
        <section class="section" aria-labelledby="bundles">
          <h2 id="bundles">高效办成一件事</h2>
          <ul class="card-grid">
            {data.bundles.map((b) => (
              <li>
                <a href={`/bundles/${b.code}`}>{b.name}</a>
                <p class="hint">{b.matters.length} 个事项一次办</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="section" aria-labelledby="personal">
        <h2 id="personal">个人办事</h2>
        <h3>人生阶段</h3>
        <ul class="columns">
          {data.personalStages.map((s) => (
            <li>
              <a href={`/search?lifeStage=${encodeURIComponent(s)}&object=personal`}>{s}</a>
            </li>
          ))}
        </ul>
        <h3>按主题</h3>
        <ul class="columns">
          {data.personalThemes.map((t) => (
            <li>
              <a href={`/themes/personal-${t.code}`}>{t.label}</a>
            </li>
          ))}
        </ul>
      </section>

      <section class="section" aria-labelledby="corporate">
        <h2 id="corporate">法人办事</h2>
        <h3>企业生命周期</h3>
        <ul class="columns">
          {data.corporateStages.map((s) => (
            <li>
              <a href={`/search?lifeStage=${encodeURIComponent(s)}&object=corporate`}>{s}</a>
            </li>
          ))}
        </ul>
        <h3>按主题</h3>
        <ul class="columns">
          {data.corporateThemes.map((t) => (
            <li>
              <a href={`/themes/corporate-${t.code}`}>{t.label}</a>
            </li>
          ))}
        </ul>
      </section>

      <section class="section" aria-labelledby="nearby">
        <h2 id="nearby">就近办</h2>
        <p>
          不少事项可以在乡镇（街道）便民服务中心和村（社区）代办点办理。<a href="/search?nearby=true">查看全部可就近办理的事项</a>
        </p>
        <ul class="columns">
          {data.townships.map((l) => (
            <li>
              <a href={`/locations/${l.code}`}>{l.name}</a>
            </li>
          ))}
        </ul>
      </section>

      <section class="section" aria-labelledby="departments">
        <h2 id="departments">按部门查找</h2>
        <ul class="columns">
          {data.departments.map((d) => (
            <li>
              <a href={`/departments/${d.code}`}>{d.name}</a> <span class="count-badge">{d.matterCount ?? 0} 项</span>
            </li>
          ))}
        </ul>
      </section>
    </PortalLayout>
  );
}
