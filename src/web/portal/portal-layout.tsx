import type { ComponentChildren } from 'preact';
import { Layout, type PageMeta } from '../ui/layout';
import type { PageContext } from '../ui/page-context';
import { SITE_NAME } from '../page-errors';

const NAV = [
  { href: '/', label: '首页' },
  { href: '/search', label: '搜索事项' },
  { href: '/guides', label: '办事不找关系指南' },
  { href: '/search?nearby=true', label: '就近办' },
];

/** The 长辈版 switch: a real form (works without JS); the server keeps the choice in a cookie and applies it. */
function ElderSwitch({ ctx }: { ctx: PageContext }) {
  return (
    <form class="elder-switch" method="post" action="/elder">
      <input type="hidden" name="back" value={ctx.path} />
      <input type="hidden" name="on" value={ctx.elder ? '0' : '1'} />
      <button class="button button-secondary" type="submit">
        {ctx.elder ? '切换到标准版' : '长辈版（大字）'}
      </button>
    </form>
  );
}

/** Every portal page: the shared Layout with the portal's navigation, 长辈版 switch and footer. */
export function PortalLayout({ ctx, meta, children }: { ctx: PageContext; meta: PageMeta; children: ComponentChildren }) {
  return (
    <Layout
      ctx={ctx}
      meta={meta}
      siteName={SITE_NAME}
      nav={NAV}
      headerExtra={<ElderSwitch ctx={ctx} />}
      scripts={['portal.js']}
      footer={
        <>
          <p>
            北镇市政务服务中心 · 政务服务便民热线 <a href="tel:12345">12345</a> · 办事遇到找关系、乱收费、多跑腿，请在事项页面“反映问题”。
          </p>
          <p>
            <a href="/guides">办事不找关系指南</a> · <a href="/feedback">查询反馈处理进度</a> · <a href="/sitemap.xml">网站地图</a> ·{' '}
            <a href="/api/docs">开放接口</a>
          </p>
        </>
      }
    >
      {children}
    </Layout>
  );
}

/** Renders the highlighted fragment the search API returns (HTML-escaped, matches in <em>) as text and <mark>, never as HTML. */
export function Highlighted({ html }: { html: string }) {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return <>{html.split(/(<em>[\s\S]*?<\/em>)/).map((part) => (part.startsWith('<em>') ? <mark>{decode(part.slice(4, -5))}</mark> : decode(part)))}</>;
}

export const limitText = (l: { value?: number | null; unit?: string; note?: string } | null | undefined): string | null => {
  if (!l) return null;
  if (l.value === 0) return '即时办结';
  if (l.value === null || l.value === undefined) return l.note ?? null;
  return `${l.value} 个${l.unit ?? '工作日'}${l.note ? `（${l.note}）` : ''}`;
};

export const mapLink = (p: { name: string; location: { lat: number; lng: number } | null; address: string | null }) =>
  p.location
    ? `https://uri.amap.com/marker?position=${p.location.lng},${p.location.lat}&name=${encodeURIComponent(p.name)}`
    : p.address
      ? `https://uri.amap.com/search?keyword=${encodeURIComponent(p.address)}`
      : null;
