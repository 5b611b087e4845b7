import type { MatterDetail } from '../../../service-matters/service-matter.dto';
import { Layout } from '../../ui/layout';
import type { PageContext } from '../../ui/page-context';
import { SITE_NAME } from '../../page-errors';
import { limitText } from '../portal-layout';
import { MaterialsTable, PlaceItem, visitsText } from './matter';

/**
 * 一次性告知单: the complete checklist on A4 — what to bring, where to go, how long, whom to call — with a QR code
 * (SVG made by the server) that opens the matter page. print.css lays it out for paper; on screen it reads the same.
 */
export function PrintPage({ ctx, matter: m, qrSvg }: { ctx: PageContext; matter: MatterDetail; qrSvg: string }) {
  const url = `${ctx.publicUrl}/matters/${m.code}`;
  const free = !m.charged || m.fees.length === 0;
  return (
    <Layout
      ctx={ctx}
      meta={{ title: `一次性告知单：${m.name}`, canonical: `/matters/${m.code}/print`, noindex: true }}
      siteName={SITE_NAME}
      styles={['site.css', 'print.css']}
      scripts={['portal.js']}
      bodyClass="print-view"
    >
      <div class="print-head">
        <div>
          <p class="hint">{SITE_NAME} · 一次性告知单</p>
          <h1>{m.name}</h1>
          <p>办理部门：{m.department?.name}</p>
        </div>
        <figure class="qr">
          {/* Server-generated SVG (qrcode), no script and no style attribute: allowed by the page CSP. */}
          <div role="img" aria-label={`二维码：扫码打开 ${url}`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <figcaption class="hint">扫码查看最新办事指南</figcaption>
        </figure>
      </div>
      <p class="no-print">
        <button class="button button-primary" type="button" data-print="on" hidden>
          打印
        </button>
        <a href={`/matters/${m.code}`}>返回办事指南</a>
      </p>
      <h2>一、要带的材料</h2>
      <MaterialsTable matter={m} caption={`共 ${m.materials.length} 项，请逐项核对`} />
      <h2>二、去哪里办</h2>
      <ul class="places">
        {m.locations.map((p) => (
          <PlaceItem p={p} />
        ))}
      </ul>
      {m.nearbyLocations.length > 0 && <p>另有 {m.nearbyLocations.length} 个乡镇、村（社区）可就近办理，扫码查看。</p>}
      {m.onlineUrl && <p>网上办理：{m.onlineUrl}</p>}
      <h2>三、多久办完、跑几次、收不收费</h2>
      <ul>
        <li>
          承诺时限：{limitText(m.promisedLimit) ?? '—'}（法定时限：{limitText(m.legalLimit) ?? '—'}）
        </li>
        <li>跑动次数：{visitsText(m) ?? '—'}</li>
        <li>收费：{free ? '不收费' : m.fees.map((f) => `${f.name} ${f.standard}`).join('；')}</li>
      </ul>
      <h2>四、找谁</h2>
      <ul>
        {m.consult?.phone && <li>咨询电话：{m.consult.phone}</li>}
        {m.complaint?.phone && <li>投诉电话：{m.complaint.phone}</li>}
        <li>政务服务便民热线：12345</li>
      </ul>
      <p class="notice">办事不找关系：窗口要求本告知单以外的材料、费用或跑动，请拨打投诉电话或扫码“反映问题”。</p>
      <p class="hint">
        事项编码 {m.code} · 版本 {m.version} · 打印自 {url}
      </p>
    </Layout>
  );
}
