import { ExchangeBundleDto } from '../../src/exchange/exchange.dto';
import { DeptInfo } from './departments';
import { BuiltMatters } from './matters';

/**
 * The 13 first-batch “高效办成一件事” bundles of 2024 (国办发〔2024〕3号 重点事项清单), as 北镇市 links them to its
 * own matters. Matter lists and shared materials are the demo's, modelled on the national guidance.
 */
interface BundleSpec {
  code: string;
  name: string;
  lead: string;
  description: string;
  matters: string[];
  shared: string[];
  stages: string[];
}

const BUNDLES: readonly BundleSpec[] = [
  {
    code: 'BZ-YJS-01',
    name: '新生儿出生“一件事”',
    lead: 'wj',
    description:
      '新生儿父母在助产机构或市政务服务中心一次申请，同步办理出生医学证明、预防接种证、出生登记落户、城乡居民医保参保、社会保障卡申领和生育待遇、育儿补贴申领。',
    matters: [
      '《出生医学证明》首次签发',
      '预防接种证办理',
      '户口登记（出生登记）',
      '新生儿参加城乡居民基本医疗保险登记',
      '社会保障卡申领',
      '生育医疗费用支付',
      '生育津贴支付',
      '育儿补贴申领',
    ],
    shared: ['父母双方居民身份证', '居民户口簿', '父母结婚证', '出生医学证明'],
    stages: ['出生'],
  },
  {
    code: 'BZ-YJS-02',
    name: '教育入学“一件事”',
    lead: 'jy',
    description: '适龄儿童义务教育入学报名时，通过数据共享核验户籍、居住证、不动产等信息，家长一次填报、免交证明。',
    matters: ['适龄儿童义务教育入学登记', '随迁子女义务教育入学申请', '居住证申领', '不动产登记资料查询'],
    shared: ['儿童居民户口簿', '监护人居民身份证', '不动产权证书或房屋租赁合同'],
    stages: ['教育'],
  },
  {
    code: 'BZ-YJS-03',
    name: '企业信息变更“一件事”',
    lead: 'sj',
    description: '企业办理名称、住所、法定代表人等变更登记时，一次提交，同步变更税务、社保、医保、公积金信息。',
    matters: ['有限责任公司变更登记', '变更税务登记', '单位参保信息变更登记', '医疗保险单位参保信息变更登记', '住房公积金单位缴存信息变更'],
    shared: ['营业执照', '变更决议或决定', '法定代表人（负责人）身份证件'],
    stages: ['经营发展'],
  },
  {
    code: 'BZ-YJS-04',
    name: '开办运输企业“一件事”',
    lead: 'jt',
    description: '开办普通货运企业的，一次申请即可办理企业设立登记、公章刻制、发票领用、道路运输经营许可、车辆道路运输证和驾驶员从业资格证。',
    matters: [
      '有限责任公司设立登记',
      '公章刻制备案',
      '发票领用',
      '道路货物运输经营许可（新办）',
      '道路普通货物运输车辆《道路运输证》配发（配发）',
      '道路运输从业人员从业资格证核发（初次申领）',
    ],
    shared: ['法定代表人（负责人）身份证件', '营业执照', '机动车行驶证', '驾驶员机动车驾驶证'],
    stages: ['准入准营'],
  },
  {
    code: 'BZ-YJS-05',
    name: '水电气网联合报装“一件事”',
    lead: 'zj',
    description: '用户在市政务服务中心工程建设项目审批窗口一次提交申请，供电、供水、燃气、通信企业同步受理报装，涉及的占掘路、绿地、排水等行政审批并联办理。',
    matters: [
      '占用、挖掘城市道路审批（挖掘）',
      '占用、挖掘城市道路审批（占用）',
      '临时占用城市绿化用地审批',
      '砍伐、迁移城市树木审批',
      '城镇污水排入排水管网许可（新办）',
    ],
    shared: ['营业执照或申请人身份证件', '报装地址及用水、用电、用气、通信需求', '建设工程规划许可证'],
    stages: ['工程建设'],
  },
  {
    code: 'BZ-YJS-06',
    name: '信用修复“一件事”',
    lead: 'fg',
    description: '经营主体纠正失信行为后，一次申请即可同步修复“信用中国”、国家企业信用信息公示系统和相关部门的失信信息。',
    matters: [
      '行政处罚信息信用修复',
      '经营异常名录移出',
      '严重违法失信名单移出',
      '市场监管领域行政处罚信息信用修复',
      '纳税信用修复',
      '生态环境领域行政处罚信息信用修复',
    ],
    shared: ['信用修复申请书', '信用修复承诺书', '已履行行政处罚决定的证明材料'],
    stages: ['经营发展'],
  },
  {
    code: 'BZ-YJS-07',
    name: '残疾人服务“一件事”',
    lead: 'cl',
    description: '残疾人办理残疾人证后，同步申请困难残疾人生活补贴、重度残疾人护理补贴、辅助器具适配和残疾儿童康复救助，乡镇便民服务中心可就近受理。',
    matters: ['残疾人证新办', '困难残疾人生活补贴', '重度残疾人护理补贴', '残疾人基本型辅助器具适配申请', '残疾儿童康复救助申请'],
    shared: ['申请人居民身份证', '居民户口簿', '近期免冠彩色证件照片', '残疾评定表'],
    stages: ['救助'],
  },
  {
    code: 'BZ-YJS-08',
    name: '退休“一件事”',
    lead: 'rs',
    description: '职工达到法定退休年龄时，一次申请即可办理养老保险待遇核定、医保退休待遇核定和住房公积金退休提取。',
    matters: ['企业职工基本养老保险正常退休申请', '退休人员基本医疗保险待遇核定', '离休、退休提取住房公积金', '养老金发放账户维护'],
    shared: ['申请人居民身份证', '本人社会保障卡或银行账户信息', '人事档案'],
    stages: ['养老'],
  },
  {
    code: 'BZ-YJS-09',
    name: '企业破产信息核查“一件事”',
    lead: 'fg',
    description: '破产管理人凭人民法院指定文书一次申请，同步查询企业登记、不动产、涉税、社保、公积金等信息。',
    matters: ['企业登记档案查询', '不动产登记资料查询', '纳税人涉税信息查询', '单位参保证明查询打印', '参保单位参保信息查询', '单位住房公积金缴存情况证明开具'],
    shared: ['人民法院指定破产管理人的决定书', '破产管理人身份证件', '受理破产申请的裁定书'],
    stages: ['注销退出'],
  },
  {
    code: 'BZ-YJS-10',
    name: '社会保障卡居民服务“一件事”',
    lead: 'rs',
    description: '以社会保障卡为载体，一次申领即可在就医购药、待遇领取、交通出行、文化旅游等场景“一卡通用”。',
    matters: ['社会保障卡申领', '社会保障卡补领、换领、换发', '社会保障卡启用（激活）', '电子社会保障卡签发', '医保电子凭证申领'],
    shared: ['申请人居民身份证', '近期免冠彩色证件照片'],
    stages: ['生活'],
  },
  {
    code: 'BZ-YJS-11',
    name: '开办餐饮店“一件事”',
    lead: 'sj',
    description: '开办餐饮店的，在市政务服务中心企业开办专区一次提交材料，同步办理营业执照、食品经营许可、消防安全检查、门头牌匾设置和排水许可。',
    matters: [
      '个体工商户设立登记',
      '食品经营许可（新办）',
      '公众聚集场所投入使用、营业前消防安全检查（告知承诺）',
      '设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批',
      '城镇污水排入排水管网许可（新办）',
    ],
    shared: ['经营者居民身份证', '经营场所使用证明', '营业执照'],
    stages: ['准入准营'],
  },
  {
    code: 'BZ-YJS-12',
    name: '二手房转移登记及水电气网联动过户“一件事”',
    lead: 'bdc',
    description: '买卖双方在不动产登记分中心综合窗口一次申请，交易、缴税、登记一窗办结，同步办理供电、供水、燃气、有线电视和网络过户。',
    matters: ['房屋交易合同网签备案', '存量房交易资金监管', '个人二手房交易税费申报', '契税申报', '国有建设用地使用权及房屋所有权转移登记（二手房买卖）'],
    shared: ['买卖双方居民身份证', '不动产权证书', '存量房买卖合同'],
    stages: ['置业'],
  },
  {
    code: 'BZ-YJS-13',
    name: '身后“一件事”',
    lead: 'mz',
    description: '亲属一次申请，同步办理户口注销、殡葬补贴、丧葬补助金和抚恤金、公积金提取、不动产继承登记以及社会保障卡、残疾人证注销。',
    matters: [
      '户口注销（死亡注销）',
      '惠民殡葬补贴',
      '丧葬补助金、抚恤金申领',
      '死亡或宣告死亡提取住房公积金',
      '国有建设用地使用权及房屋所有权转移登记（继承、受遗赠）',
      '社会保障卡注销',
      '残疾人证注销',
    ],
    shared: ['逝者居民身份证', '居民死亡医学证明（推断）书或火化证明', '申请人居民身份证', '申请人与逝者的亲属关系证明'],
    stages: ['身后'],
  },
];

export function buildBundles(byKey: Map<string, DeptInfo>, matters: BuiltMatters): ExchangeBundleDto[] {
  return BUNDLES.map((b) => {
    const lead = byKey.get(b.lead);
    if (!lead) throw new Error(`bundle ${b.name}: unknown lead department ${b.lead}`);
    const codes = b.matters.map((name) => {
      const m = matters.byName.get(name);
      if (!m) throw new Error(`bundle ${b.name}: unknown matter ${name}`);
      return m.code;
    });
    return {
      code: b.code,
      name: b.name,
      description: b.description,
      departmentCode: lead.code,
      matterCodes: codes,
      sharedMaterials: [...b.shared],
      lifeStages: [...b.stages],
      status: 'published',
    };
  });
}
