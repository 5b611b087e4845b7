import { ComplaintChannelDto, ExchangeGuideDto, ExchangeMatterDto } from '../../src/exchange/exchange.dto';
import { DeptInfo } from './departments';
import {
  FARM_ONLY,
  GuideList,
  GuideRow,
  PROHIBITED_COMMON,
  PROHIBITED_UTILITY,
  PROHIBITED_VILLAGE,
  TOWNSHIP_ROWS,
  UNIT_ROWS,
  VILLAGE_ROWS,
} from './guide-tables';
import { BuiltLocations, HOURS_CENTRE, HOURS_TOWNSHIP, HOURS_VILLAGE, townshipPointCode, villagePointCode } from './locations';
import { BuiltMatters } from './matters';
import { TOWNSHIPS } from './places';
import { hashString, Prng } from './prng';

/** The city's published figure: entries in the 办事不找关系指南. */
export const GUIDE_TOTAL = 1528;

const QR_BASE = 'https://www.bzs.gov.cn/bszn/qr';
const DISCIPLINE_HOTLINE: ComplaintChannelDto = { name: '北镇市纪委监委信访举报电话', phone: '0416-12388' };
const HOTLINE_12345: ComplaintChannelDto = { name: '12345政务服务便民热线', phone: '12345' };

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡杜叶程苏魏吕丁任沈姚卢姜崔钟陆范金石贾夏付方白邹孟秦邱尹薛闫段雷侯史陶贺顾郝邵关佟那鲁富';
const GIVEN = [
  '丽',
  '静',
  '敏',
  '伟',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '桂芝',
  '淑华',
  '玉兰',
  '志强',
  '建国',
  '海燕',
  '丹',
  '红',
  '鹏',
  '宇',
  '新',
  '颖',
  '婷',
  '雪',
  '晶',
  '凯',
  '博',
  '东',
  '春雷',
  '玉梅',
  '立新',
  '文博',
  '晓东',
  '春燕',
  '丽娜',
  '淑芬',
  '宏伟',
  '国华',
  '雪梅',
  '德明',
  '晓光',
  '秀梅',
  '振东',
  '美玲',
  '长青',
];

/** A guide entry before its code and page are known. */
interface Draft {
  title: string;
  list: GuideList;
  matter?: ExchangeMatterDto;
  body: Omit<ExchangeGuideDto, 'code' | 'title' | 'departmentCode' | 'list' | 'matterCode' | 'handbookPage' | 'qrUrl' | 'status'>;
}

interface UnitContext {
  dept: DeptInfo;
  rng: Prng;
  place: string;
  hours: string;
  window: string;
  post: string;
  kind: 'centre' | 'township' | 'village' | 'utility' | 'other';
}

function person(rng: Prng): string {
  return SURNAMES[rng.int(0, SURNAMES.length - 1)] + rng.pick(GIVEN);
}

function channels(ctx: UnitContext, prohibited: boolean): ComplaintChannelDto[] {
  const own: ComplaintChannelDto = {
    name: ctx.kind === 'township' ? `${ctx.dept.spec.short}纪检监察办公室监督电话` : `${ctx.dept.spec.short}监督电话`,
    phone: ctx.dept.complaintPhone,
  };
  return prohibited ? [own, DISCIPLINE_HOTLINE, HOTLINE_12345] : [own, HOTLINE_12345];
}

function timeText(m: ExchangeMatterDto): string {
  const p = m.promisedLimit!;
  const l = m.legalLimit!;
  const legal = l.value == null ? '法律法规未规定法定时限' : `法定${l.value}个${l.unit}`;
  return p.value === 0 ? `即办件，当场办结（${legal}）` : `承诺${p.value}个${p.unit}办结（${legal}）`;
}

function materialTexts(m: ExchangeMatterDto): string[] {
  return m.materials!.map((x) => {
    if (x.necessity === '非必要') return `${x.name}（${x.whenRequired ?? '特定情形'}提供）`;
    if (x.necessity === '容缺后补') return `${x.name}（可容缺后补）`;
    if (x.sharedCertificate) return `${x.name}（已归集电子证照的免提交）`;
    return x.name;
  });
}

function fromMatter(m: ExchangeMatterDto, ctx: UnitContext, list: GuideList, timeOverride?: string): Draft['body'] {
  return {
    contact: { window: ctx.window, post: ctx.post, person: person(ctx.rng), phone: ctx.dept.phone },
    conditions: m.conditions,
    materials: materialTexts(m),
    steps: m.steps!.map((s) => `${s.name}：${s.actor}，${s.timeLimit}`),
    timeLimit: timeOverride || timeText(m),
    fees: m.charged ? m.fees!.map((f) => `${f.name}：${f.standard}`).join('；') : '不收费',
    place: ctx.place,
    hours: ctx.hours,
    complaintChannels: channels(ctx, list === 'prohibited'),
  };
}

function genericSteps(title: string): string[] {
  if (/报装|新装|开户|入网|接入/.test(title)) {
    return [
      '提出申请：到营业厅、拨打服务热线或通过线上渠道提交报装申请',
      '受理勘查：受理后预约上门勘查，一次性告知接入方案',
      '配套施工：用户红线内工程由用户自主选择施工单位',
      '验收接通：验收合格后装表接通并告知计费方式',
    ];
  }
  if (/报修|抢修|故障/.test(title))
    return ['报修：拨打服务热线或到营业厅报修', '派单：即时派单至属地维修班组', '处置：按时限到场处置', '回访：处置完毕后电话回访'];
  if (/投诉|举报/.test(title))
    return ['提出：现场、电话或网上提出', '登记受理：登记并告知受理情况', '调查处理：依法调查核实并处理', '反馈：按时限反馈处理结果'];
  if (/缴纳|缴费/.test(title)) return ['查询：通过户号查询应缴金额', '缴纳：营业厅、网上或手机支付', '凭证：获取电子发票或缴费凭证'];
  return ['提出申请：到窗口或通过电话、网上提出申请', '受理：当场核对材料，材料齐全的即时受理，不全的一次性告知', '办理：按承诺时限办理', '办结：告知办理结果'];
}

function genericConditions(ctx: UnitContext, title: string): string {
  if (ctx.kind === 'utility') return `在${ctx.dept.spec.short}服务区域内的居民和企业用户，按公示材料申请即可办理“${title}”，无需找关系、托人情。`;
  if (ctx.kind === 'village') return `本村（社区）居民可由代办员免费帮办“${title}”，按公示清单提交材料即可，无需找关系、托人情。`;
  return `符合规定条件的群众和企业均可向${ctx.dept.spec.short}申请办理“${title}”，按公示材料提交即可，无需找关系、托人情。`;
}

function prohibitedConduct(ctx: UnitContext, subject: string): string[] {
  const pool: readonly string[] =
    ctx.kind === 'utility'
      ? [...PROHIBITED_UTILITY, ...PROHIBITED_COMMON.slice(3, 6)]
      : ctx.kind === 'village'
        ? [...PROHIBITED_VILLAGE, PROHIBITED_COMMON[3]]
        : PROHIBITED_COMMON;
  return [`在办理${subject}时违规要求申请人提供公示清单以外的材料或证明`, ...ctx.rng.sample(pool, 5)];
}

function deferrableCommitment(materials: string[], days: number): string {
  return `申请人签署《容缺受理承诺书》，承诺在受理之日起${days}个工作日内补齐${materials.join('、')}；承诺期内补齐的按正常程序办结，逾期未补齐的视为撤回申请，已作出的决定依法撤回，并记入申请人信用记录。`;
}

function rowDraft(row: GuideRow, ctx: UnitContext, matters: BuiltMatters): Draft {
  const [title, list, link, materials, time, fees, conditions] = row;
  const matter = link ? matters.byName.get(link) : undefined;
  if (link && !matter) throw new Error(`guide "${title}" of ${ctx.dept.spec.name} links unknown matter ${link}`);
  let body: Draft['body'];
  if (matter && list !== 'prohibited') {
    body = fromMatter(matter, ctx, list, time);
    if (conditions) body.conditions = conditions;
  } else {
    body = {
      contact: { window: ctx.window, post: ctx.post, person: person(ctx.rng), phone: ctx.dept.phone },
      conditions: conditions || (matter ? matter.conditions : genericConditions(ctx, title)),
      materials: materials ? materials.split('、').map((x) => (x.startsWith('~') ? `${x.slice(1)}（可容缺后补）` : x)) : matter ? materialTexts(matter) : [],
      steps: matter ? matter.steps!.map((s) => `${s.name}：${s.actor}，${s.timeLimit}`) : genericSteps(title),
      timeLimit: time || (matter ? timeText(matter) : '按公示时限办结'),
      fees: fees || (matter?.charged ? matter.fees!.map((f) => `${f.name}：${f.standard}`).join('；') : '不收费'),
      place: ctx.place,
      hours: ctx.hours,
      complaintChannels: channels(ctx, list === 'prohibited'),
    };
  }
  if (list === 'prohibited') {
    const own = title.startsWith(ctx.dept.spec.short);
    const subject = matter ? (matter.mainItemName ?? matter.name) : own ? '各项业务' : title.replace(/违规禁办事项$/, '').replace(/业务$/, '');
    body.prohibitedConduct = prohibitedConduct(ctx, subject.replace(/^(村（社区）代办服务)$/, '代办服务'));
    stripForProhibited(body, Boolean(matter));
  }
  if (list === 'deferrable') {
    const deferred = materials
      .split('、')
      .filter((x) => x.startsWith('~'))
      .map((x) => x.slice(1));
    body.deferrableMaterials = deferred;
    body.commitment = deferrableCommitment(deferred, 5);
  }
  if (body.materials && body.materials.length === 0) delete body.materials;
  return { title, list, matter, body };
}

/** A 违规禁办 entry states forbidden conduct and where to complain; it keeps the time limit only when it has a matter. */
function stripForProhibited(body: Draft['body'], keepTime: boolean): void {
  delete body.materials;
  delete body.steps;
  delete body.conditions;
  delete body.fees;
  if (!keepTime) delete body.timeLimit;
}

function isPower(t: string): boolean {
  return Number(t) <= 10;
}

/** Builds exactly GUIDE_TOTAL entries, every unit having at least one. */
export function buildGuides(ordered: DeptInfo[], locs: BuiltLocations, matters: BuiltMatters): ExchangeGuideDto[] {
  const townshipByCode = new Map(TOWNSHIPS.map((t) => [t.code9, t]));
  const locByCode = new Map(locs.records.map((l) => [l.code, l]));
  const mandatory = new Map<string, Draft[]>();
  const optional = new Map<string, Draft[]>();

  for (const dept of ordered) {
    const rng = new Prng(hashString(`guides-${dept.code}`));
    const drafts: Draft[] = [];
    const extra: Draft[] = [];
    const key = dept.spec.key;

    if (dept.spec.windows) {
      // in-centre department: entries derived from its matters
      const own = matters.built.filter((b) => b.deptKey === key);
      const mains = own.filter((b) => b.firstOfMain);
      const ctx = (m: ExchangeMatterDto): UnitContext => {
        const where = m.locations![0];
        return {
          dept,
          rng,
          window: where.window!,
          post: rng.pick(['首席代表', '受理岗', '审核岗', '窗口负责人']),
          kind: 'centre',
          hours: HOURS_CENTRE,
          place: `${locByCode.get(where.locationCode)!.address} ${where.window}`,
        };
      };
      // the handbook covers every business area of the department: take the areas' main items in turn
      const areas = new Map<number, typeof mains>();
      for (const b of mains) areas.set(b.group, [...(areas.get(b.group) ?? []), b]);
      const ordering: typeof mains = [];
      for (let i = 0; ordering.length < mains.length; i++) {
        for (const list of areas.values()) if (i < list.length) ordering.push(list[i]);
      }
      // 违规禁办 entries for the first main item of the department's three main business areas
      const flagship = ordering.slice(0, 3);
      for (const b of flagship) {
        const c = ctx(b.record);
        const body = fromMatter(b.record, c, 'prohibited');
        body.prohibitedConduct = prohibitedConduct(c, b.mainName);
        stripForProhibited(body, true);
        drafts.push({ title: `${b.mainName}违规禁办事项`, list: 'prohibited', matter: b.record, body });
      }
      for (const b of mains) {
        const deferred = b.record.materials!.filter((x) => x.necessity === '容缺后补').map((x) => x.name);
        if (!deferred.length) continue;
        const body = fromMatter(b.record, ctx(b.record), 'deferrable');
        body.deferrableMaterials = deferred;
        body.commitment = deferrableCommitment(deferred, Math.max(3, Math.min(10, b.record.promisedLimit!.value || 5)));
        drafts.push({ title: `${b.record.name}容缺受理`, list: 'deferrable', matter: b.record, body });
      }
      for (const b of ordering) {
        extra.push({
          title: b.record.name,
          list: isPower(b.record.matterType) ? 'power' : 'compliance',
          matter: b.record,
          body: fromMatter(b.record, ctx(b.record), 'power'),
        });
      }
    } else if (dept.villageCode) {
      const point = locByCode.get(villagePointCode(dept.villageCode))!;
      const ctx: UnitContext = {
        dept,
        rng,
        kind: 'village',
        window: point.windows![0],
        post: '村级代办员',
        hours: HOURS_VILLAGE,
        place: `${point.name}（${point.address}）`,
      };
      for (const row of VILLAGE_ROWS) drafts.push(rowDraft(row, ctx, matters));
    } else if (dept.townshipCode) {
      const t = townshipByCode.get(dept.townshipCode)!;
      const point = locByCode.get(townshipPointCode(t.code9))!;
      for (const row of TOWNSHIP_ROWS) {
        if (t.kind === '街道' && FARM_ONLY.has(row[0])) continue;
        const window = /农村|宅基地|耕地|动物|林木|土地|乡村/.test(row[0])
          ? '农业农村服务窗口'
          : /退役/.test(row[0])
            ? '退役军人服务站窗口'
            : /个体|发票|法律|调解/.test(row[0])
              ? '综合受理窗口'
              : '社会保障和民政服务窗口';
        const ctx: UnitContext = {
          dept,
          rng,
          kind: 'township',
          window,
          post: rng.pick(['窗口负责人', '受理岗', '帮办代办员']),
          hours: HOURS_TOWNSHIP,
          place: `${point.name}（${point.address}）`,
        };
        drafts.push(rowDraft(row, ctx, matters));
      }
    } else {
      const rows = UNIT_ROWS[key];
      if (!rows) throw new Error(`no guide rows for ${dept.spec.name}`);
      const utility = dept.spec.kind === '公用事业企业';
      const ctx: UnitContext = {
        dept,
        rng,
        kind: utility ? 'utility' : 'other',
        window: utility ? '营业厅综合柜台' : /医院|妇幼/.test(dept.spec.name) ? '门诊服务中心' : '服务窗口',
        post: utility ? '客户经理' : '窗口负责人',
        hours: utility
          ? '营业厅周一至周日 8:30-17:00；服务热线24小时'
          : /医院|妇幼/.test(dept.spec.name)
            ? '门诊周一至周日 8:00-16:30；急诊24小时'
            : '周一至周五 8:30-11:30，13:30-17:00（法定节假日除外）',
        place: utility ? `${dept.spec.short}营业厅（${dept.address}）` : `${dept.spec.short}（${dept.address}）`,
      };
      for (const row of rows) drafts.push(rowDraft(row, ctx, matters));
      drafts.push(rowDraft([`${dept.spec.short}违规禁办事项`, 'prohibited', '', '', ''], ctx, matters));
    }
    mandatory.set(key, drafts);
    optional.set(key, extra);
  }

  // fill the handbook to its published size from the in-centre departments' matter entries, round robin
  let total = [...mandatory.values()].reduce((n, x) => n + x.length, 0);
  if (total > GUIDE_TOTAL) throw new Error(`mandatory guide entries (${total}) exceed ${GUIDE_TOTAL}`);
  const queues = ordered.filter((x) => optional.get(x.spec.key)!.length).map((x) => ({ key: x.spec.key, items: optional.get(x.spec.key)!, next: 0 }));
  while (total < GUIDE_TOTAL) {
    let progressed = false;
    for (const q of queues) {
      if (total >= GUIDE_TOTAL) break;
      if (q.next >= q.items.length) continue;
      mandatory.get(q.key)!.push(q.items[q.next++]);
      total++;
      progressed = true;
    }
    if (!progressed) throw new Error(`not enough guide entries: ${total} < ${GUIDE_TOTAL}`);
  }

  // number the entries and lay out the printed handbook: a section title page per unit, one page per entry
  const out: ExchangeGuideDto[] = [];
  let page = 4;
  ordered.forEach((dept, i) => {
    const drafts = mandatory.get(dept.spec.key)!;
    // power list first, then compliance, deferrable and prohibited, as the handbook prints them
    const rank: Record<GuideList, number> = { power: 0, compliance: 1, deferrable: 2, prohibited: 3 };
    const sorted = drafts
      .map((d, n) => ({ d, n }))
      .sort((a, b) => rank[a.d.list] - rank[b.d.list] || a.n - b.n)
      .map((x) => x.d);
    const titles = new Set<string>();
    page++;
    sorted.forEach((draft, n) => {
      if (titles.has(draft.title)) throw new Error(`duplicate guide title "${draft.title}" in ${dept.spec.name}`);
      titles.add(draft.title);
      const code = `BZ-ZN-${String(i + 1).padStart(3, '0')}-${String(n + 1).padStart(3, '0')}`;
      page++;
      out.push({
        code,
        title: draft.title,
        departmentCode: dept.code,
        list: draft.list,
        ...(draft.matter ? { matterCode: draft.matter.code } : {}),
        ...draft.body,
        qrUrl: `${QR_BASE}/${code}`,
        handbookPage: page,
        status: 'published',
      });
    });
  });
  return out;
}
