import type { BundleResponse } from '../../../bundles/bundle.dto';
import type { DepartmentResponse } from '../../../departments/department.dto';
import type { LocationResponse } from '../../../service-locations/service-location.dto';
import type { PageContext } from '../../ui/page-context';
import { PortalLayout } from '../portal-layout';
import { commonTasks } from '../common-tasks';
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

/**
 * 长辈版 home (适老化): the search box, then the few most common tasks as large buttons, the nearest service
 * points, a phone number to call — and everything else of the standard home behind one "更多" disclosure.
 */
function ElderHome({ ctx, data }: { ctx: PageContext; data: HomeData }) {
  const tasks = commonTasks(data);
  return (
    <PortalLayout ctx={ctx} meta={{ title: '首页', canonical: '/', description: '北镇市政务服务事项办事指南（长辈版）：常办的事、就近办、电话咨询。' }}>
      <div class="home-search">
        <h1>您要办什么事？</h1>
        <SearchBox value="" autofocus={false} />
      </div>
      {tasks.length > 0 && (
        <section class="section" aria-labelledby="tasks">
          <h2 id="tasks">常办的事</h2>
          <ul class="task-grid">
            {tasks.map((t) => (
              <li>
                <a href={t.href}>{t.label}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="call-box">
        不会操作、看不明白，请打电话问：<a href="tel:12345">12345</a>（政务服务便民热线）
      </p>
      <section class="section" aria-labelledby="elder-nearby">
        <h2 id="elder-nearby">在家门口办（就近办）</h2>
        <p>点您所在的乡镇（街道），看那里能办哪些事、在哪里、电话多少。</p>
        <ul class="task-grid">
          {data.townships.map((l) => (
            <li>
              <a href={`/locations/${l.code}`}>{l.name.replace(/^北镇市/, '').replace(/便民服务中心$/, '')}</a>
            </li>
          ))}
        </ul>
      </section>
      <details>
        <summary>更多：按主题、人生阶段、部门查找，办事不找关系指南</summary>
        <StandardSections data={data} />
      </details>
    </PortalLayout>
  );
}

/** 首页: one search box, what people search most, 个人 / 法人 themes and life stages, 一件事, departments, 就近办. */
export function HomePage({ ctx, data }: { ctx: PageContext; data: HomeData }) {
  if (ctx.elder) return <ElderHome ctx={ctx} data={data} />;
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
      <StandardSections data={data} />
    </PortalLayout>
  );
}

/** Everything below the search box of the standard home (and behind "更多" in 长辈版). */
function StandardSections({ data }: { data: HomeData }) {
  return (
    <>
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
    </>
  );
}
