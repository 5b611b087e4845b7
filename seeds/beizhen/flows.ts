import { StepDto } from '../../src/exchange/exchange.dto';
import { Flow, Special } from './matter-spec';

/** Processing steps of each kind of matter, as county guides publish them (受理 → 审查 → 决定 → 送达 …). */
interface StepTemplate {
  name: string;
  actor: string;
  /** share of the promised limit this step uses; 0 = done on the spot */
  share: number;
  standard: string;
  result: string;
}

const T = (name: string, actor: string, share: number, standard: string, result: string): StepTemplate => ({ name, actor, share, standard, result });

const ACCEPT = T(
  '受理',
  '窗口受理人员',
  0,
  '申请材料齐全、符合法定形式的，当场受理并出具受理通知书；材料不齐全或不符合法定形式的，一次性告知需要补正的全部内容；不属于本机关职权范围的，出具不予受理通知书并告知向有关机关申请。',
  '受理通知书或一次性告知书',
);

const FLOWS: Record<Flow, StepTemplate[]> = {
  permit: [
    ACCEPT,
    T('审查', '业务审查人员', 0.6, '对申请材料的实质内容进行审查，依法需要现场核查的，指派两名以上工作人员进行核查。', '审查意见'),
    T(
      '决定',
      '审批负责人',
      0.3,
      '符合法定条件、标准的，依法作出准予许可的书面决定；不符合的，作出不予许可决定并说明理由，告知申请人享有申请行政复议或者提起行政诉讼的权利。',
      '准予（不予）许可决定书',
    ),
    T('制证送达', '窗口发证人员', 0.1, '准予许可的，制作并颁发证照，申请人可选择窗口领取或免费邮寄。', '证照或批准文件'),
  ],
  confirm: [
    ACCEPT,
    T('审核', '业务审核人员', 0.6, '核对申请材料与登记、档案或共享数据，确认申请事项真实、合法。', '审核意见'),
    T('确认', '业务负责人', 0.3, '符合条件的予以确认或登记；不符合的，书面告知理由。', '确认或登记结果'),
    T('办结送达', '窗口工作人员', 0.1, '向申请人送达确认结果或证件，并同步推送电子证照。', '证件或证明'),
  ],
  benefit: [
    T('申请', '申请人', 0, '申请人向户籍所在地乡镇（街道）便民服务中心、村（社区）代办点或市政务服务中心窗口提出申请，也可网上申请。', '申请材料'),
    ACCEPT,
    T('调查核实', '乡镇（街道）经办人员', 0.4, '通过入户调查、邻里访问和家庭经济状况信息核对等方式，核实申请人家庭经济状况和实际生活情况。', '调查核实报告'),
    T('公示', '村（居）民委员会', 0.2, '对拟纳入对象在村（社区）公示，公示期7天，公示期间无异议的进入审核确认程序。', '公示结果'),
    T('审核确认', '业务主管部门', 0.3, '对符合条件的作出确认决定，对不符合条件的书面告知理由。', '审核确认结果'),
    T('发放', '业务主管部门', 0.1, '自确认之月起通过社会保障卡或银行账户按时足额发放。', '待遇或资金发放'),
  ],
  pay: [
    T('申请', '申请人', 0, '申请人通过窗口、辽宁政务服务网或“辽事通”APP提交申请。', '申请材料'),
    ACCEPT,
    T('审核', '业务审核人员', 0.7, '核对参保、缴费、身份及相关证明信息，确认待遇标准和金额。', '待遇核定结果'),
    T('发放', '财务人员', 0.3, '审核通过的，将资金拨付至申请人社会保障卡或银行账户，并告知申请人。', '资金发放'),
  ],
  service: [
    T('申请', '申请人', 0, '申请人通过窗口、辽宁政务服务网或“辽事通”APP提交申请。', '申请材料'),
    ACCEPT,
    T('办理', '业务经办人员', 0.8, '按照服务规范办理申请事项，需要核实情况的及时联系申请人。', '办理结果'),
    T('办结', '窗口工作人员', 0.2, '向申请人反馈办理结果，提供窗口领取、邮寄或电子送达方式。', '办结告知'),
  ],
  instant: [
    ACCEPT,
    T('审核', '窗口受理人员', 0, '当场核对身份和申请材料，通过数据共享核验相关信息。', '审核结果'),
    T('办结', '窗口受理人员', 0, '符合条件的当场办结并出具结果。', '办理结果'),
  ],
  record: [
    T('提交', '申请人', 0, '申请人通过窗口或网上提交备案材料。', '备案材料'),
    T('核对', '窗口受理人员', 0.5, '核对备案材料是否齐全，不作实质审查。', '核对结果'),
    T('备案', '业务经办人员', 0.5, '材料齐全的予以备案并出具备案回执，同时纳入事中事后监管。', '备案回执'),
  ],
  levy: [
    T('申报', '申请人', 0, '缴纳义务人如实申报。', '申报表'),
    T('审核', '业务审核人员', 0.7, '核定应缴金额。', '缴款通知'),
    T('缴纳', '缴纳义务人', 0.3, '通过非税收入缴款渠道缴纳并取得票据。', '缴款票据'),
  ],
  ruling: [
    T('申请', '申请人', 0, '当事人提交书面申请及证据材料。', '申请书'),
    ACCEPT,
    T('调查审理', '承办人员', 0.6, '通知被申请人答辩，组织调查、调解或开庭审理，查明事实。', '调查笔录'),
    T('作出决定', '承办机构负责人', 0.3, '调解不成的，依法作出处理决定或裁决。', '处理决定书或裁决书'),
    T('送达', '承办人员', 0.1, '依法向双方当事人送达法律文书。', '送达回证'),
  ],
  reward: [
    T('举报受理', '受理人员', 0, '登记举报人信息和举报内容，并严格保密。', '受理登记'),
    T('核查', '执法人员', 0.6, '对举报事项组织核查，确认是否属实。', '核查结论'),
    T('奖励决定', '单位负责人', 0.3, '举报属实的，按规定标准作出奖励决定。', '奖励决定'),
    T('兑现', '财务人员', 0.1, '通知举报人领取奖励资金。', '奖励兑现'),
  ],
  check: [
    T('申报', '申请人', 0, '申请人通过窗口或网上提交申报材料。', '申报材料'),
    ACCEPT,
    T('审核', '业务审核人员', 0.7, '对申报材料进行审核，必要时进行现场核查。', '审核意见'),
    T('出具意见', '业务负责人', 0.3, '作出审核结论，书面告知申请人。', '审核结论'),
  ],
};

const SITE_STEP = T(
  '现场核查',
  '两名以上执法（核查）人员',
  0.25,
  '对申请人的经营场所、设施设备等是否符合法定条件进行实地核查，并制作核查记录。',
  '现场核查记录',
);

/** Splits the promised limit over the timed steps (largest remainder), so the steps never add up to more than it. */
function allocate(shares: readonly number[], promised: number): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  if (promised === 0 || total === 0) return shares.map(() => 0);
  const raw = shares.map((s) => (promised * s) / total);
  const days = raw.map(Math.floor);
  let left = promised - days.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (shares[i] > 0) {
      days[i]++;
      left--;
    }
  }
  return days;
}

export function buildSteps(flow: Flow, promised: number, unit: string, specials: readonly Special[] = []): StepDto[] {
  const templates = [...FLOWS[flow]];
  if (specials.includes('现场勘验') && (flow === 'permit' || flow === 'confirm' || flow === 'check')) {
    const at = templates.findIndex((s) => s.share > 0) + 1;
    templates.splice(at, 0, SITE_STEP);
  }
  const days = allocate(
    templates.map((s) => s.share),
    promised,
  );
  return templates.map((s, i) => ({
    name: s.name,
    actor: s.actor,
    timeLimit: days[i] > 0 ? `${days[i]}个${unit}` : '即时办理',
    reviewStandard: s.standard,
    result: s.result,
  }));
}

export function describeProcess(steps: readonly StepDto[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.name}（${s.actor}，${s.timeLimit}）：${s.reviewStandard}`).join('\n');
}

export const SPECIAL_DETAILS: Record<Special, { timeLimit: string; counts: boolean; note: string }> = {
  现场勘验: { timeLimit: '3个工作日', counts: true, note: '对经营（生产、建设）场所及设施设备进行实地核查。' },
  听证: { timeLimit: '20个工作日', counts: false, note: '依法需要听证或申请人、利害关系人申请听证的，组织听证。' },
  专家评审: { timeLimit: '15个工作日', counts: false, note: '组织专家对技术文件进行评审，评审时间不计入办结时限。' },
  检验检测: { timeLimit: '10个工作日', counts: false, note: '委托具备资质的机构进行检验检测，所需时间不计入办结时限。' },
  公示: { timeLimit: '7个自然日', counts: false, note: '依法对拟办理结果进行公示，公示期不计入办结时限。' },
  其他: { timeLimit: '10个工作日', counts: false, note: '需要调查核实、查验或评定的，所需时间不计入承诺办结时限。' },
};
