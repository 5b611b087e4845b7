import type { GuideResponse } from '../../../guide-entries/guide-entry.dto';
import type { MatterDetail } from '../../../service-matters/service-matter.dto';
import { PROBLEMS, RATINGS } from '../../../feedback/feedback.entity';
import { Breadcrumb, Button, ButtonLink, ErrorSummary, Facts, type FieldError, Paragraphs, Radios, TextArea, TextField } from '../../ui/components';
import type { PageContext } from '../../ui/page-context';
import { type Here, nearestFirst, parseNear, type PlaceGroup } from '../places';
import { limitText, mapLink, PortalLayout } from '../portal-layout';
import { distanceText, PlaceForm } from './search';

export type Place = MatterDetail['locations'][number];

/** What the feedback forms show after a failed post: the values sent back, and the problems per field. */
export interface FeedbackFormState {
  kind: 'rating' | 'report';
  values: Record<string, string>;
  errors: FieldError[];
}

export interface MatterPageData {
  matter: MatterDetail;
  guides: GuideResponse[];
  privacy: string;
  feedback?: FeedbackFormState;
  /** Where the citizen said they are (`place` or `near` in the URL). */
  here?: Here | null;
  /** Townships and village points to choose from (only for matters with 就近办 points). */
  places?: PlaceGroup[];
}

/** 离您最近: the matter's three places nearest to the citizen (handling places and 就近办 points alike). */
function Nearest({ m, here }: { m: MatterDetail; here: Here }) {
  if (!here.near) return null;
  const nearest = nearestFirst([...m.locations, ...m.nearbyLocations], parseNear(here.near)).slice(0, 3);
  if (!nearest.length) return null;
  return (
    <div class="notice nearest">
      <h3>离{here.place ? `“${here.label}”` : '您'}最近的办理地点</h3>
      <ul class="places">
        {nearest.map((p) => (
          <PlaceItem p={p} distance={p.distance} />
        ))}
      </ul>
    </div>
  );
}

const yes = (v: boolean | null | undefined, t = '是', f = '否') => (v === null || v === undefined ? null : v ? t : f);

export function visitsText(m: Pick<MatterDetail, 'onSiteVisits' | 'onSiteReason' | 'fullyOnline'>): string | null {
  if (m.onSiteVisits === null) return null;
  if (m.onSiteVisits === 0) return m.fullyOnline ? '0 次（全程网上办理）' : '0 次（可邮寄或网上提交）';
  return `${m.onSiteVisits} 次${m.onSiteReason ? `：${m.onSiteReason}` : ''}`;
}

export function MaterialsTable({ matter, caption }: { matter: MatterDetail; caption: string }) {
  // Only the explicit flag means "nothing to bring"; an empty list without it is a gap in the data (e.g. an
  // operations import), and telling a citizen to bring nothing then would send them away empty-handed.
  if (matter.noMaterialsRequired) return <p>本事项无需提交材料。</p>;
  if (!matter.materials.length) return <p>暂未列出申请材料，请办理前电话咨询。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">材料</th>
            <th scope="col">要求</th>
            <th scope="col">份数和形式</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {matter.materials.map((x) => (
            <tr>
              <td class="stack-head">
                {x.name}
                {x.sharedCertificate && (
                  <>
                    <br />
                    <span class="tag">可免交（电子证照）</span>
                  </>
                )}
              </td>
              <td data-label="要求">
                {x.necessity ?? '必要'}
                {x.whenRequired ? `：${x.whenRequired}` : ''}
              </td>
              <td data-label="份数和形式">{[x.originality, x.copies ? `${x.copies} 份` : null, x.medium, x.paperSpec].filter(Boolean).join('，') || '—'}</td>
              <td data-label="说明">
                {[x.sourceChannel, x.issuingOrg ? `由${x.issuingOrg}出具` : null, x.fillNotes].filter(Boolean).join('；') || '—'}
                {x.blankFormUrl && (
                  <>
                    {' '}
                    <a href={x.blankFormUrl} rel="nofollow noopener">
                      空白表格
                    </a>
                  </>
                )}
                {x.sampleUrl && (
                  <>
                    {' '}
                    <a href={x.sampleUrl} rel="nofollow noopener">
                      填写样本
                    </a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PlaceItem({ p, distance }: { p: Place; distance?: number }) {
  const map = mapLink(p);
  return (
    <li>
      <strong>{p.name}</strong>
      {p.window && `（${p.window}）`}
      {distance !== undefined && `，${distanceText(distance)}`}
      <br />
      {p.address && <>地址：{p.address} </>}
      {map && (
        <a href={map} rel="nofollow noopener">
          地图
        </a>
      )}
      {p.hours && (
        <>
          <br />
          时间：{p.hours}
        </>
      )}
      {p.phone && (
        <>
          <br />
          电话：<a href={`tel:${p.phone}`}>{p.phone}</a>
        </>
      )}
    </li>
  );
}

/** What differs between the two feedback forms (好差评 and 反映问题); the field block is one. */
const FEEDBACK_FORMS = [
  {
    kind: 'rating',
    title: '好差评',
    choice: 'rating',
    legend: '您对这个事项的办理满意吗？',
    options: ['5', '4', '3', '2', '1'].map((value) => ({ value, label: RATINGS[value] })),
    commentLabel: '想说的话',
    commentHint: '最多 500 字，请不要填写身份证号等个人信息',
    submit: '提交评价',
  },
  {
    kind: 'report',
    title: '反映问题',
    choice: 'problem',
    legend: '遇到了什么问题？',
    options: Object.entries(PROBLEMS).map(([value, label]) => ({ value, label })),
    commentLabel: '具体情况',
    commentHint: '例如：哪个窗口、要求了什么材料或费用。最多 500 字，请不要填写身份证号等个人信息',
    submit: '提交问题',
  },
] as const;

function FeedbackForms({ m, privacy, state }: { m: MatterDetail; privacy: string; state?: FeedbackFormState }) {
  return (
    <section class="section feedback" aria-labelledby="feedback">
      <h2 id="feedback">评价和反映问题</h2>
      <p class="privacy">{privacy}</p>
      {state && <ErrorSummary errors={state.errors} />}
      <div class="feedback-forms">
        {FEEDBACK_FORMS.map((f) => {
          // values and errors come back only to the form that was posted
          const mine = state?.kind === f.kind ? state : undefined;
          const err = (field: string) => mine?.errors.find((e) => e.field === `${f.kind}-${field}`)?.message;
          return (
            <form method="post" action={`/matters/${m.code}/feedback#feedback`} aria-labelledby={`${f.kind}-title`} novalidate>
              <h3 id={`${f.kind}-title`}>{f.title}</h3>
              <input type="hidden" name="kind" value={f.kind} />
              <Radios
                id={`${f.kind}-${f.choice}`}
                name={f.choice}
                legend={f.legend}
                value={mine?.values[f.choice]}
                error={err(f.choice)}
                required
                options={[...f.options]}
              />
              <TextArea
                id={`${f.kind}-comment`}
                name="comment"
                label={f.commentLabel}
                maxLength={500}
                value={mine?.values.comment}
                error={err('comment')}
                hint={f.commentHint}
              />
              <TextField
                id={`${f.kind}-phone`}
                name="phone"
                type="tel"
                inputMode="tel"
                autocomplete="tel"
                label="联系电话"
                maxLength={20}
                value={mine?.values.phone}
                error={err('phone')}
                hint="需要回访时填写"
              />
              <Button>{f.submit}</Button>
            </form>
          );
        })}
      </div>
    </section>
  );
}

/** 办事指南: everything in the record, laid out for a person (same DTO as GET /api/v1/matters/{code}). */
export function MatterPage({ ctx, data }: { ctx: PageContext; data: MatterPageData }) {
  const m = data.matter;
  const free = !m.charged || m.fees.length === 0;
  const description = `${m.name}：${m.department?.name ?? ''}办理，${m.noMaterialsRequired ? '无需提交材料' : `${m.materials.length} 项材料`}，承诺时限${limitText(m.promisedLimit) ?? '见指南'}，${free ? '不收费' : '收费'}。`;
  return (
    <PortalLayout ctx={ctx} meta={{ title: data.feedback ? `错误：${m.name}` : m.name, canonical: `/matters/${m.code}`, description }}>
      <Breadcrumb
        items={[
          { href: '/', label: '首页' },
          ...(m.department ? [{ href: `/departments/${m.department.code}`, label: m.department.name }] : []),
          { label: m.name },
        ]}
      />
      <h1>{m.name}</h1>
      <p>
        <span class="tag">{m.matterType.label}</span>
        {m.caseType && <span class="tag">{m.caseType.label}</span>}
        {m.nearby && <span class="tag">可就近办</span>}
        {m.fullyOnline && <span class="tag">全程网办</span>}
      </p>
      <div class="summary-box">
        <Facts
          rows={[
            ['办理部门', m.department && <a href={`/departments/${m.department.code}`}>{m.department.name}</a>],
            ['承诺时限', limitText(m.promisedLimit)],
            ['法定时限', limitText(m.legalLimit)],
            ['跑动次数', visitsText(m)],
            ['收费', free ? '不收费' : m.fees.map((f) => `${f.name}：${f.standard}`).join('；')],
            [
              '网上办理',
              m.onlineUrl ? (
                <a href={m.onlineUrl} rel="noopener">
                  电脑端办理
                </a>
              ) : m.online ? (
                '可网上办理'
              ) : (
                '不支持'
              ),
            ],
            [
              '手机办理',
              m.mobileUrl && (
                <a href={m.mobileUrl} rel="noopener">
                  移动端办理
                </a>
              ),
            ],
          ]}
        />
        <p class="no-print">
          <ButtonLink href={`/matters/${m.code}/print`} variant="primary">
            打印一次性告知单
          </ButtonLink>
          <ButtonLink href="#feedback">评价 / 反映问题</ButtonLink>
        </p>
      </div>

      <section class="section" aria-labelledby="who">
        <h2 id="who">谁可以办、需要什么条件</h2>
        <Facts
          rows={[
            ['服务对象', m.serviceObjects.map((o) => o.label).join('、')],
            ['数量限制', m.quantityLimit],
          ]}
        />
        {m.conditions ? <Paragraphs text={m.conditions} /> : <p>无特别条件。</p>}
      </section>

      <section class="section" aria-labelledby="materials">
        <h2 id="materials">要带的材料</h2>
        <MaterialsTable matter={m} caption={`共 ${m.materials.length} 项`} />
      </section>

      <section class="section" aria-labelledby="fees">
        <h2 id="fees">收费</h2>
        {free ? (
          <p>不收费。</p>
        ) : (
          <ul>
            {m.fees.map((f) => (
              <li>
                {f.name}：{f.standard}
                {f.basis && <span class="hint">（依据：{f.basis}）</span>}
                {f.reducible && <span class="hint">可减免{f.reductionBasis ? `：${f.reductionBasis}` : ''}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="section" aria-labelledby="steps">
        <h2 id="steps">办理流程</h2>
        {m.steps.length === 0 && <Paragraphs text={m.processDescription} />}
        {m.steps.length > 0 && (
          <ol>
            {m.steps.map((s) => (
              <li>
                <strong>{s.name}</strong>
                {[s.actor, s.timeLimit].filter(Boolean).length > 0 && `（${[s.actor, s.timeLimit].filter(Boolean).join('，')}）`}
                {s.reviewStandard && <p class="hint">审查标准：{s.reviewStandard}</p>}
                {s.result && <p class="hint">结果：{s.result}</p>}
              </li>
            ))}
          </ol>
        )}
        {m.specialProcedures.length > 0 && (
          <>
            <h3>特别程序</h3>
            <ul>
              {m.specialProcedures.map((p) => (
                <li>
                  {p.type}
                  {p.timeLimit && `：${p.timeLimit}`}
                  {p.countsInLegalLimit === false && '（不计入法定时限）'}
                  {p.note && `，${p.note}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section class="section" aria-labelledby="where">
        <h2 id="where">去哪里办</h2>
        {data.here && <Nearest m={m} here={data.here} />}
        {m.locations.length ? (
          <ul class="places">
            {m.locations.map((p) => (
              <PlaceItem p={p} />
            ))}
          </ul>
        ) : (
          <p>见网上办理入口，或拨打咨询电话。</p>
        )}
        {m.nearbyLocations.length > 0 && (
          <details>
            <summary>就近办：{m.nearbyLocations.length} 个乡镇、村（社区）可以办</summary>
            <ul class="columns">
              {m.nearbyLocations.map((p) => (
                <li>
                  <a href={`/locations/${p.code}`}>{p.name}</a>
                  {p.phone && <span class="hint"> {p.phone}</span>}
                </li>
              ))}
            </ul>
          </details>
        )}
        {m.nearbyLocations.length > 0 && <PlaceForm action={`/matters/${m.code}#where`} keep={{}} here={data.here} places={data.places ?? []} />}
      </section>

      <section class="section" aria-labelledby="contact">
        <h2 id="contact">咨询和投诉</h2>
        <Facts
          rows={[
            ['咨询电话', m.consult?.phone && <a href={`tel:${m.consult.phone}`}>{m.consult.phone}</a>],
            ['咨询地址', m.consult?.address],
            ['投诉电话', m.complaint?.phone && <a href={`tel:${m.complaint.phone}`}>{m.complaint.phone}</a>],
            ['投诉地址', m.complaint?.address],
            ['便民热线', <a href="tel:12345">12345</a>],
          ]}
        />
      </section>

      {data.guides.length > 0 && (
        <section class="section" aria-labelledby="guides">
          <h2 id="guides">办事不找关系指南</h2>
          <ul class="link-list">
            {data.guides.map((g) => (
              <li>
                <a href={`/guides/${g.code}`}>{g.title}</a> <span class="tag">{g.list.label}</span>
                {g.contact?.phone && <span class="hint"> 找谁：{[g.contact.window, g.contact.post, g.contact.phone].filter(Boolean).join('，')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="section" aria-labelledby="more">
        <h2 id="more">更多信息</h2>
        <Facts
          rows={[
            ['办理结果', m.result && [m.result.type, m.result.name].filter(Boolean).join('：')],
            ['通办范围', m.crossRegionScope],
            ['预约办理', yes(m.appointment, '支持', '不支持')],
            ['网上支付', yes(m.onlinePayment, '支持', '不支持')],
            ['物流快递', yes(m.express, '支持', '不支持')],
            ['自助终端', yes(m.selfService, '支持', '不支持')],
            ['中介服务', m.intermediaryService],
            ['行使层级', m.exerciseLevels.map((l) => l.label).join('、')],
            ['实施编码', m.code],
            ['基本编码', m.baseCode],
            ['行政复议', m.redress?.reconsideration],
            ['行政诉讼', m.redress?.litigation],
          ]}
        />
        {m.legalBasis.length > 0 && (
          <details>
            <summary>设定依据（{m.legalBasis.length} 条）</summary>
            <ul>
              {m.legalBasis.map((b) => (
                <li>
                  《{b.name}》{b.docNo && `（${b.docNo}）`}
                  {b.article && ` ${b.article}`}
                  {b.content && <p class="hint">{b.content}</p>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      {m.faqs.length > 0 && (
        <section class="section" aria-labelledby="faq">
          <h2 id="faq">常见问题</h2>
          {m.faqs.map((f) => (
            <details>
              <summary>{f.question}</summary>
              <Paragraphs text={f.answer} />
            </details>
          ))}
        </section>
      )}

      <FeedbackForms m={m} privacy={data.privacy} state={data.feedback} />
    </PortalLayout>
  );
}
