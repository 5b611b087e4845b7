import { MaterialDto } from '../../src/exchange/exchange.dto';

/** Common materials used across the tables. `{main}` is replaced by the matter's main-item name. */
export const MATERIAL_MACROS: Record<string, string> = {
  $id: '申请人居民身份证',
  $hkb: '居民户口簿',
  $yyzz: '营业执照',
  $fr: '法定代表人（负责人）身份证件',
  $wts: '?授权委托书及受托人身份证件|委托他人代为办理的',
  $zp: '近期免冠彩色证件照片',
  $yhk: '本人社会保障卡或银行账户信息',
};

const SHARED: readonly [RegExp, string][] = [
  [/居民身份证|身份证件$/, '公安机关'],
  [/户口簿|户口本/, '公安机关'],
  [/营业执照/, '市场监督管理部门'],
  [/结婚证|离婚证/, '婚姻登记机关'],
  [/出生医学证明/, '助产机构'],
  [/不动产权证书/, '不动产登记机构'],
  [/社会保障卡/, '人力资源和社会保障部门'],
  [/机动车驾驶证/, '公安机关交通管理部门'],
  [/机动车行驶证|机动车登记证书/, '公安机关交通管理部门'],
  [/残疾人证/, '残疾人联合会'],
  [/居住证/, '公安机关'],
  [/死亡医学证明|死亡证明|火化证明/, '医疗卫生机构或殡葬服务机构'],
  [/毕业证书|学历证书/, '教育主管部门'],
];

const OFFICIAL = /许可证|执照|资格证|执业证|登记证|证书|批准文件|批复|审批文件|决定书|退役证明|退出现役证明|合格证明|通知书|回执/;
const INTERMEDIARY = /报告|检测|鉴定|评价|评估|审计|测量成果|权籍调查|设计文件|设计图|图纸|施工图/;
const FORM = /申请表|申请书|登记表|审批表|申报表|备案表|信息表|情况表|申请$|承诺书|声明|说明|方案|制度|清单|名册|花名册|章程|协议书|决议|纪要|报告书$/;

function paperSpec(name: string): 'A4' | 'A3' {
  return /图|平面|布局/.test(name) ? 'A3' : 'A4';
}

/** Expands a material shorthand into a full Material record. */
export function material(spec: string, order: number, formUrlBase: string): MaterialDto {
  let raw = MATERIAL_MACROS[spec] ?? spec;
  let necessity: '必要' | '非必要' | '容缺后补' = '必要';
  let whenRequired: string | undefined;
  if (raw.startsWith('?')) {
    necessity = '非必要';
    raw = raw.slice(1);
    const bar = raw.indexOf('|');
    if (bar >= 0) {
      whenRequired = raw.slice(bar + 1);
      raw = raw.slice(0, bar);
    }
  } else if (raw.startsWith('~')) {
    necessity = '容缺后补';
    raw = raw.slice(1);
  }
  const name = raw;
  const m: MaterialDto = { name, necessity };
  const shared = /委托书/.test(name) ? undefined : SHARED.find(([re]) => re.test(name));
  if (/委托书/.test(name)) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质',
      sourceChannel: '申请人自备',
      copies: 1,
      paperSpec: 'A4',
      acceptStandard: '委托书载明委托事项、权限和期限，委托人签字（盖章）；受托人当场出示本人有效身份证件。',
    });
  } else if (shared) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质或电子',
      sourceChannel: '政府部门核发',
      issuingOrg: shared[1],
      copies: 1,
      paperSpec: 'A4',
      sharedCertificate: true,
      acceptStandard: '证件真实有效且在有效期内，证载信息与申请人一致；已归集电子证照的，窗口通过数据共享调取，申请人免于提交。',
    });
  } else if (/照片/.test(name)) {
    Object.assign(m, {
      // 结婚登记 asks for 3 photos of the couple (its FAQ says so); single-person photos come in pairs.
      originality: '原件',
      medium: '纸质或电子',
      sourceChannel: '申请人自备',
      copies: /合影/.test(name) ? 3 : 2,
      paperSpec: '其他',
      acceptStandard: '近6个月内白色背景免冠正面彩色照片，规格为2寸；可在窗口免费现场采集。',
    });
  } else if (INTERMEDIARY.test(name) && !FORM.test(name.replace(/报告书$/, ''))) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质和电子',
      sourceChannel: '中介机构出具',
      copies: 1,
      paperSpec: paperSpec(name),
      acceptStandard: '由具备相应能力的机构出具，内容完整，结论明确，签字盖章齐全。',
    });
  } else if (FORM.test(name)) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质或电子',
      sourceChannel: '申请人自备',
      copies: 1,
      paperSpec: paperSpec(name),
      fillNotes: '如实填写各项内容，由申请人签字（单位加盖公章）；可在窗口领取或在线下载空白表格。',
      acceptStandard: '内容真实、完整，填写规范，签字（盖章）齐全。',
    });
    if (/申请表|申请书|登记表|审批表|申报表|备案表|信息表/.test(name)) m.blankFormUrl = `${formUrlBase}-${order}.docx`;
  } else if (OFFICIAL.test(name)) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质或电子',
      sourceChannel: '政府部门核发',
      copies: 1,
      paperSpec: 'A4',
      acceptStandard: '证照或文件真实有效，与申请事项一致。',
    });
  } else if (/合同|协议/.test(name)) {
    Object.assign(m, {
      originality: '原件',
      medium: '纸质或电子',
      sourceChannel: '申请人自备',
      copies: 1,
      paperSpec: 'A4',
      acceptStandard: '合同（协议）真实有效，当事人签字（盖章）齐全。',
    });
  } else {
    Object.assign(m, {
      originality: '原件或复印件',
      medium: '纸质或电子',
      sourceChannel: /证明/.test(name) ? '其他' : '申请人自备',
      copies: 1,
      paperSpec: 'A4',
      acceptStandard: '材料真实有效，能够证明所申请的事项；提交复印件的应与原件核对一致。',
    });
  }
  if (whenRequired) m.whenRequired = whenRequired;
  if (necessity === '容缺后补') m.fillNotes = '可容缺受理：申请人书面承诺在规定期限内补齐后，窗口先行受理审查。';
  return m;
}
