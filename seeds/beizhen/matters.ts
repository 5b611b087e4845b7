import { ExchangeMatterDto, FaqDto, MaterialDto, TimeLimitDto } from '../../src/exchange/exchange.dto';
import { CORPORATE_OBJECTS } from '../../src/code-lists/code-lists';
import { DeptInfo } from './departments';
import { buildSteps, describeProcess, SPECIAL_DETAILS } from './flows';
import { FEES, LAWS } from './laws';
import { BuiltLocations, HOURS_CENTRE, LOCATION_CODES, LocKey } from './locations';
import { Common, DeptMatters, GroupSpec, ItemSpec, Lim, ResultType } from './matter-spec';
import { material } from './materials';
import { CL, JY, MZ, RS, SB, TY, WJ, YB } from './matters-social';
import { CZ, GA, MZJ, SF } from './matters-public';
import { FG, GX, SJ, SS, SW, YC } from './matters-economy';
import { BDC, CG, GJJ, HB, JT, NY, QX, RF, SL, WL, XF, YJ, ZJ, ZR } from './matters-land';
import { hashString, Prng } from './prng';

/** All matter tables, in the order the catalogue lists the departments. */
export const MATTER_TABLES: readonly DeptMatters[] = [
  GA,
  MZ,
  SF,
  CZ,
  RS,
  SB,
  ZR,
  BDC,
  ZJ,
  JT,
  SL,
  NY,
  SW,
  WL,
  WJ,
  TY,
  YJ,
  SJ,
  YB,
  JY,
  FG,
  CG,
  GX,
  RF,
  MZJ,
  SS,
  HB,
  QX,
  YC,
  XF,
  GJJ,
  CL,
];

export const ONLINE_BASE = 'https://www.lnzwfw.gov.cn';

const NEW_CASE = /^(新办|新设|设立|首次申请|首次申领|初次申领|配发|申领|注册登记|首次注册)$/;

/** Extra materials and limit adjustments of the usual 业务办理项. `{res}` is the result's name. */
const CASES: Record<string, { m?: string[]; promisedMax?: number; corporateExit?: boolean }> = {
  变更: { m: ['原{res}', '变更事项相关证明材料'], promisedMax: 5 },
  延续: { m: ['原{res}', '延续申请书'] },
  延期: { m: ['原{res}', '延期申请书'] },
  注销: { m: ['注销申请书', '原{res}'], promisedMax: 1, corporateExit: true },
  补证: { m: ['证件遗失或损毁情况说明'], promisedMax: 1 },
  补办: { m: ['证件遗失或损毁情况说明'], promisedMax: 1 },
  补发: { m: ['证件遗失或损毁情况说明'], promisedMax: 1 },
  换证: { m: ['原{res}'], promisedMax: 3 },
  审验: { m: ['原{res}'] },
  换发: { m: ['原{res}'], promisedMax: 3 },
  停业: { m: ['停业申请书', '原{res}'], promisedMax: 1 },
  恢复营业: { m: ['恢复营业申请书'], promisedMax: 1 },
  歇业: { m: ['歇业申请书', '原{res}'], promisedMax: 1, corporateExit: true },
  终止: { m: ['终止申请书', '财务清算报告'], corporateExit: true },
  变更登记: { m: ['变更事项证明材料'] },
  转移登记: { m: ['所有权转移证明'] },
  抵押登记: { m: ['抵押合同'] },
  注销登记: { m: ['注销原因证明'], corporateExit: true },
};

export interface BuiltMatter {
  record: ExchangeMatterDto;
  deptKey: string;
  /** the main item this matter belongs to (its own name when it is not a case) */
  mainName: string;
  /** true for the first matter of its main item */
  firstOfMain: boolean;
  /** 承办科室 and index of the table group the matter comes from */
  office: string;
  group: number;
}

export interface BuiltMatters {
  records: ExchangeMatterDto[];
  built: BuiltMatter[];
  byName: Map<string, ExchangeMatterDto>;
}

type Merged = Common & { office: string };

function merge(group: GroupSpec, item: ItemSpec): Merged {
  const out: Record<string, unknown> = { ...group };
  delete out.items;
  for (const [k, v] of Object.entries(item)) {
    if (k === 'm' || k === 'faq' || k === 'law') continue;
    out[k] = v;
  }
  out.law = [...new Set([...(group.law ?? []), ...(item.law ?? [])])];
  out.faq = [...(item.faq ?? []), ...(group.faq ?? [])];
  out.m = item.mo ? [...item.mo] : [...(group.m ?? []), ...(item.m ?? [])];
  return out as unknown as Merged;
}

const SUFFIXES = /(许可证核发|证核发|核发|审批|审核|许可|登记|申领|申请|办理|认定|备案|给付|发放|开具|出具|查询|受理|签发)$/;

function shortName(name: string): string {
  const base = name.replace(/（[^（）]*）$/, '').replace(/^《|》/g, '');
  const s = base.replace(SUFFIXES, '');
  return s.length >= 2 ? s : base;
}

/** True when a two-character word occurs twice, e.g. 户口补录户口. */
function repeatsWord(text: string): boolean {
  for (let i = 0; i + 2 <= text.length; i++) if (text.indexOf(text.slice(i, i + 2), i + 2) >= 0) return true;
  return false;
}

function limits(lim: Lim): { legal: TimeLimitDto; promised: TimeLimitDto; unit: string } {
  const natural = lim[2] === 'd';
  const unit = natural ? '自然日' : '工作日';
  const [legalValue, promisedValue] = lim;
  const legal: TimeLimitDto = legalValue === null ? { value: null, unit, note: '法律法规未规定办结时限' } : { value: legalValue, unit };
  const promised: TimeLimitDto = { value: promisedValue, unit };
  if (promisedValue === 0) promised.note = '即办件：材料齐全、符合法定形式的当场办结';
  return { legal, promised, unit };
}

function reconsiderationBody(deptKey: string): string {
  switch (deptKey) {
    case 'ss':
      return '国家税务总局锦州市税务局';
    case 'hb':
      return '锦州市生态环境局';
    case 'qx':
      return '锦州市气象局';
    case 'yc':
      return '锦州市烟草专卖局';
    case 'xf':
      return '锦州市消防救援支队';
    case 'gjj':
      return '锦州市人民政府';
    default:
      return '北镇市人民政府';
  }
}

const FLOW_RESULT: Record<string, ResultType> = {
  permit: '许可证',
  confirm: '证明文件',
  record: '其他',
  check: '批准文件',
  instant: '其他',
  service: '其他',
  benefit: '其他',
  pay: '其他',
  levy: '其他',
  ruling: '其他',
  reward: '其他',
};

/** Builds every service matter of the 32 in-centre departments. */
export function buildMatters(depts: Map<string, DeptInfo>, locs: BuiltLocations): BuiltMatters {
  const records: ExchangeMatterDto[] = [];
  const built: BuiltMatter[] = [];
  const byName = new Map<string, ExchangeMatterDto>();
  const problems: string[] = [];
  const dates = ['2023-06-30', '2023-09-15', '2023-12-01', '2024-03-15', '2024-06-28'];

  for (const table of MATTER_TABLES) {
    const dept = depts.get(table.dept);
    if (!dept) throw new Error(`matter table for unknown department ${table.dept}`);
    const rng = new Prng(hashString(`matters-${table.dept}`));
    const effectiveFrom = rng.pick(dates);
    let mainSeq = 0;
    let lastMain = '';
    let caseSeq = 0;
    let deferred = 0;

    for (const [groupIndex, group] of table.groups.entries()) {
      for (const raw of group.items) {
        const item: ItemSpec = typeof raw === 'string' ? { n: raw } : raw;
        const spec = merge(group, item);
        const cases: (string | null)[] = item.c ?? [null];
        let mainName = item.main ?? item.n;
        if (item.c || !item.main || item.main !== lastMain) {
          mainSeq++;
          caseSeq = 0;
        }
        lastMain = item.main ?? '';
        for (const caseName of cases) {
          const name = caseName ? `${item.n}（${caseName}）` : item.n;
          if (item.c) mainName = item.n;
          const isCase = Boolean(caseName) || Boolean(item.main);
          if (isCase) caseSeq++;
          const t = spec.t ?? '20';
          const setter = t === '20' || Number(t) > 10 ? '21' : '00';
          const baseCode = `${setter}${t}${table.biz}${String(mainSeq).padStart(3, '0')}000`;
          const implCode = `${dept.uscc}4${baseCode}`;
          const code = isCase ? `${implCode}${String(caseSeq).padStart(2, '0')}` : implCode;
          if (byName.has(name)) throw new Error(`duplicate matter name ${name}`);

          const res = spec.res;
          const resType: ResultType = Array.isArray(res) ? res[0] : FLOW_RESULT[spec.flow ?? 'service'];
          const resName = Array.isArray(res) ? res[1] : typeof res === 'string' ? res : `${shortName(mainName)}办理结果`;
          const caseInfo = caseName ? CASES[caseName] : undefined;

          // limits
          let lim: Lim = spec.lim ?? [null, 5];
          if (caseInfo?.promisedMax !== undefined && lim[1] > caseInfo.promisedMax) {
            lim = lim[2] ? [lim[0], caseInfo.promisedMax, lim[2]] : [lim[0], caseInfo.promisedMax];
          }
          const { legal, promised, unit } = limits(lim);
          if (legal.value != null && promised.value! > legal.value) throw new Error(`${name}: promised limit exceeds legal limit`);

          // objects and themes
          const objects = [...(spec.obj ?? '1')];
          const personal = objects.includes('1');
          const corporate = objects.some((o) => CORPORATE_OBJECTS.includes(o));
          const pt = personal ? (spec.pt ?? []) : [];
          let ct = corporate ? (spec.ct ?? []) : [];
          if (personal && pt.length === 0) problems.push(`${name}: personal matter without personal themes`);
          if (corporate && ct.length === 0) problems.push(`${name}: corporate matter without corporate themes`);
          if (!personal && spec.pt?.length) problems.push(`${name}: personal themes on a non-personal matter`);
          if (!corporate && spec.ct?.length) problems.push(`${name}: corporate themes on a non-corporate matter`);
          let stages = spec.st ?? [];
          if (caseInfo?.corporateExit && corporate) {
            ct = [...new Set([...ct, '165'])];
            stages = [...new Set([...stages.filter((s) => s !== '准入准营'), '注销退出'])];
          }
          if (stages.length === 0) problems.push(`${name}: no life stages`);
          if (!spec.law?.length) problems.push(`${name}: no legal basis`);

          // materials
          const specs = [...(spec.m ?? []), ...(caseInfo?.m ?? []).map((x) => x.replace('{res}', resName))];
          const online = spec.online ?? 'acc';
          const visits = item.vis ?? (online === 'full' ? 0 : 1);
          const reason = spec.vr ?? '需到窗口现场核验身份、提交纸质材料原件并签字确认';
          const inPerson = /亲自|采集/.test(reason) && visits > 0;
          if (!inPerson && !specs.includes('$wts') && !specs.some((x) => x.includes('委托书'))) specs.push('$wts');
          const materials: MaterialDto[] = [];
          const seen = new Set<string>();
          const formBase = `${ONLINE_BASE}/bszn/bg/${baseCode}`;
          for (const s of specs) {
            const mat = material(s, materials.length + 1, formBase);
            if (seen.has(mat.name)) continue;
            seen.add(mat.name);
            materials.push(mat);
          }

          // 容缺受理: a few permits and confirmations per department accept one non-key material later
          const firstCase = !isCase || caseSeq === 1;
          if (
            ['01', '07', '10'].includes(t) &&
            firstCase &&
            deferred < 4 &&
            !materials.some((x) => x.necessity === '容缺后补') &&
            materials.filter((x) => x.necessity === '必要').length >= 3 &&
            rng.next() < 0.45
          ) {
            const candidate = [...materials]
              .reverse()
              .find((x) => x.necessity === '必要' && !x.sharedCertificate && !/申请|登记表|审批表|申报表|备案表|身份|照片|合同|协议/.test(x.name));
            if (candidate) {
              candidate.necessity = '容缺后补';
              candidate.fillNotes = '可容缺受理：申请人书面承诺在规定期限内补齐后，窗口先行受理审查。';
            }
          }
          if (materials.some((x) => x.necessity === '容缺后补') && firstCase) deferred++;

          // fees
          const feeSpecs = spec.fee ? FEES[spec.fee] : [];
          const fees = feeSpecs.map((f) => ({ ...f }));

          // steps
          const flow = spec.flow ?? 'service';
          const steps = buildSteps(flow, promised.value!, unit, spec.sp ?? []);

          // where
          const locKey: LocKey = spec.loc ?? 'zx';
          const windowName = spec.win ?? dept.spec.windows ?? '综合受理窗口';
          const address = locs.address[locKey];

          // keywords: the staff-maintained aliases of the table, plus the case as citizens would type it
          const kw = new Set<string>();
          const add = (k: string) => {
            if (k && k !== name && k.length <= 20 && !/[、，]/.test(k)) kw.add(k);
          };
          const first = !caseName || caseName === cases[0];
          if (first) (item.kw ?? []).forEach(add);
          else if (item.kw?.length) add(item.kw[0]);
          const label = caseName ?? (item.main ? name.match(/（([^（）]+)）$/)?.[1] : undefined);
          if (label) {
            const certificate = /(证|证书|执照)$/.test(resName) && resName.length <= 14 && !resName.includes('、');
            if (NEW_CASE.test(label)) {
              if (certificate) add(`办${resName}`);
            } else if (label in CASES && certificate) {
              add(`${resName}${label}`);
            } else {
              const combined = `${shortName(mainName)}${label}`;
              if (combined.length <= 12 && !repeatsWord(combined)) add(combined);
            }
          }
          const short = shortName(name);
          if (kw.size < 2 && short !== name && short.length >= 3 && short.length <= 12) add(short);
          if (kw.size === 0 && resName !== name && resName.length <= 14) add(resName);

          // FAQs
          const faqs: FaqDto[] = spec.faq!.map(([question, answer]) => ({ question, answer }));
          faqs.push({
            question: `办理${mainName}需要到现场吗？`,
            answer:
              visits === 0
                ? '不需要。可通过辽宁政务服务网或“辽事通”APP全程网上办理，办理结果可免费邮寄或通过电子证照获取。'
                : `需要到现场${visits}次，原因是${reason.replace(/^需/, '需要')}。建议先通过辽宁政务服务网在线预审，材料一次备齐，只跑一次。`,
          });
          faqs.push({
            question: `${name}多长时间能办好？`,
            answer:
              promised.value === 0
                ? `即办件，材料齐全、符合法定形式的当场办结${legal.value != null ? `（法定办结时限${legal.value}个${unit}）` : ''}。`
                : `承诺${promised.value}个${unit}内办结${legal.value != null ? `，法定办结时限为${legal.value}个${unit}` : ''}；现场勘验、公示、专家评审等特别程序所需时间按规定另计。`,
          });
          if (fees.length) {
            faqs.push({ question: `办理${name}收费吗？`, answer: `收费。${fees.map((f) => `${f.name}：${f.standard}`).join('；')}。可在窗口或网上缴费。` });
          }
          if (item.near) {
            faqs.push({
              question: `可以在乡镇办理${mainName}吗？`,
              answer: `可以。本事项已下沉至全市19个乡镇（街道）便民服务中心${item.near === 'v' ? '和村（社区）代办点' : ''}，可就近提交申请，由工作人员帮办代办。`,
            });
          }

          const conditions =
            spec.cond ??
            (flow === 'permit'
              ? `申请人符合《${LAWS[spec.law![0]].name}》等法律法规规定的条件，申请材料齐全、真实、有效，符合法定形式。`
              : `符合《${LAWS[spec.law![0]].name}》等规定情形的${personal ? '自然人' : '单位'}${personal && corporate ? '或单位' : ''}，均可申请办理${mainName}。`);

          const rec: ExchangeMatterDto = {
            code,
            name,
            departmentCode: dept.code,
            matterType: t,
            baseCode,
            ...(isCase ? { caseCode: code, mainItemName: mainName, caseName: caseName ?? name.replace(`${mainName}`, '').replace(/^（|）$/g, '') } : {}),
            exerciseLevels: ['4'],
            ...(Number(t) <= 10 ? { powerSource: '法定本级行使' } : {}),
            implementerNature: dept.spec.kind === '事业单位' || dept.spec.kind === '群团' ? '授权组织' : '法定机关',
            handlingOffice: spec.office,
            ...(spec.jo ? { jointOrganizations: spec.jo } : {}),
            legalBasis: spec.law!.map((k) => ({ ...LAWS[k] })),
            conditions,
            materials,
            charged: fees.length > 0,
            fees,
            processDescription: describeProcess(steps),
            steps,
            ...(spec.sp?.length
              ? {
                  specialProcedures: spec.sp.map((type) => ({
                    type,
                    timeLimit: SPECIAL_DETAILS[type].timeLimit,
                    countsInLegalLimit: SPECIAL_DETAILS[type].counts,
                    note: SPECIAL_DETAILS[type].note,
                  })),
                }
              : {}),
            legalLimit: legal,
            promisedLimit: promised,
            caseType: promised.value === 0 ? '1' : '2',
            serviceObjects: objects,
            handlingForms: online === 'full' ? ['1', '2', '3', '4'] : online === 'acc' ? ['1', '2', '3'] : ['1', '2'],
            onlineDepth:
              online === 'full'
                ? ['1', '2', '3', '4', '5', '6', ...(['许可证', '执照', '资格证', '资质证', '证明文件'].includes(resType) ? ['7'] : [])]
                : online === 'acc'
                  ? ['1', '2', '3', '4', '6']
                  : ['1', '2', '3', '6'],
            onlineUrl: `${ONLINE_BASE}/bszn/index.html?itemCode=${code}`,
            onSiteVisits: visits,
            ...(visits > 0 ? { onSiteReason: reason } : {}),
            locations: [{ locationCode: LOCATION_CODES[locKey], window: windowName, hours: HOURS_CENTRE, phone: dept.phone }],
            nearby: Boolean(item.near),
            ...(item.near ? { nearbyLocationCodes: item.near === 'v' ? [...locs.townshipPoints, ...locs.villagePoints] : [...locs.townshipPoints] } : {}),
            consult: { phone: dept.phone, address: `${address}${windowName}`, note: '工作日办公时间可电话咨询，也可在辽宁政务服务网“我要咨询”栏目留言。' },
            complaint: { phone: dept.complaintPhone, address: '北镇市政务服务中心一楼“办不成事”反映窗口', note: '也可拨打12345政务服务便民热线反映。' },
            result: { type: resType, name: resName },
            quantityLimit: spec.ql ?? '无数量限制',
            intermediaryService:
              spec.im ??
              (materials.some((x) => x.sourceChannel === '中介机构出具') ? '申请人可自主选择具备相应能力的机构编制相关报告，行政机关不得指定中介机构。' : '无'),
            crossRegionScope: spec.scope ?? '全市',
            appointment: visits > 0,
            onlinePayment: fees.length > 0,
            express: spec.express ?? online !== 'pre',
            selfService: online === 'full' && (flow === 'instant' || flow === 'record'),
            ...(pt.length ? { personalThemes: [...pt] } : {}),
            ...(ct.length ? { corporateThemes: [...ct] } : {}),
            lifeStages: stages,
            keywords: [...kw].slice(0, 6),
            faqs,
            redress: {
              reconsideration: `对${dept.spec.name}作出的行政行为不服的，可以自知道该行政行为之日起六十日内向${reconsiderationBody(table.dept)}申请行政复议。`,
              litigation: '可以自知道或者应当知道作出行政行为之日起六个月内，依法向有管辖权的人民法院提起行政诉讼。',
            },
            catalogueStatus: '在用',
            effectiveFrom,
            status: 'published',
          };
          records.push(rec);
          byName.set(name, rec);
          built.push({ record: rec, deptKey: table.dept, mainName, firstOfMain: !isCase || caseSeq === 1, office: spec.office, group: groupIndex });
        }
      }
    }
  }
  if (problems.length) throw new Error(`matter tables are inconsistent:\n${problems.join('\n')}`);
  return { records, built, byName };
}
