import { ExchangeDepartmentDto } from '../../src/exchange/exchange.dto';
import { CITY_STREETS, TOWNSHIPS, townshipGovernmentName, villages } from './places';
import { Prng } from './prng';
import { makeUscc, UsccPrefix } from './uscc';

type Kind = '政府工作部门' | '垂直管理' | '事业单位' | '乡镇街道' | '群团' | '公用事业企业' | '其他';

export interface DeptSpec {
  key: string;
  name: string;
  short: string;
  aliases: string[];
  kind: Kind;
  prefix: UsccPrefix;
  parent?: string;
  /** windows in the 政务服务中心 or a sub-centre; present only for the 32 in-centre departments */
  windows?: string;
  /** a published service hotline used as the department phone (utilities) */
  hotline?: string;
  address?: string;
}

const d = (key: string, name: string, short: string, aliases: string[], kind: Kind, prefix: UsccPrefix, extra: Partial<DeptSpec> = {}): DeptSpec => ({
  key,
  name,
  short,
  aliases,
  kind,
  prefix,
  ...extra,
});

/** The 32 departments and units whose 968 matters are handled in the 政务服务中心 and its sub-centres. */
export const IN_CENTRE: readonly DeptSpec[] = [
  d('ga', '北镇市公安局', '市公安局', ['公安局', '公安', '派出所户籍室'], '政府工作部门', '11', {
    windows: '市政务服务中心一楼公安户政窗口（1—4号）；公安车驾管分中心；公安出入境接待分中心',
  }),
  d('mz', '北镇市民政局', '市民政局', ['民政局', '民政'], '政府工作部门', '11', { windows: '市政务服务中心二楼民政窗口（21—23号）、婚姻登记处（东侧）' }),
  d('sf', '北镇市司法局', '市司法局', ['司法局', '司法'], '政府工作部门', '11', { windows: '市政务服务中心二楼司法窗口（24号）、公共法律服务中心窗口' }),
  d('cz', '北镇市财政局', '市财政局', ['财政局'], '政府工作部门', '11', { windows: '市政务服务中心三楼财政窗口（36号）' }),
  d('rs', '北镇市人力资源和社会保障局', '市人社局', ['人社局', '劳动局', '人事局', '人力资源局'], '政府工作部门', '11', {
    windows: '市政务服务中心二楼人社窗口（25—28号）',
  }),
  d('sb', '北镇市社会保险事业服务中心', '市社保中心', ['社保局', '社保中心', '养老保险中心'], '事业单位', '12', {
    parent: 'rs',
    windows: '社会保险和医疗保障分中心一楼社保窗口（1—8号）',
  }),
  d('zr', '北镇市自然资源局', '市自然资源局', ['自然资源局', '国土局', '规划局', '林业局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼自然资源窗口（31—33号）',
  }),
  d('bdc', '北镇市不动产登记中心', '不动产登记中心', ['不动产中心', '房产登记处', '产权处'], '事业单位', '12', {
    parent: 'zr',
    windows: '不动产登记分中心一楼综合受理窗口（1—10号）',
  }),
  d('zj', '北镇市住房和城乡建设局', '市住建局', ['住建局', '建设局', '房产局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼工程建设项目审批窗口（37—40号）',
  }),
  d('jt', '北镇市交通运输局', '市交通运输局', ['交通局', '运管所', '交通'], '政府工作部门', '11', { windows: '市政务服务中心三楼交通运输窗口（41—42号）' }),
  d('sl', '北镇市水利局', '市水利局', ['水利局', '水务局'], '政府工作部门', '11', { windows: '市政务服务中心三楼水利窗口（43号）' }),
  d('ny', '北镇市农业农村局', '市农业农村局', ['农业局', '农业农村局', '农委', '畜牧局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼农业农村窗口（44—45号）',
  }),
  d('sw', '北镇市商务局', '市商务局', ['商务局'], '政府工作部门', '11', { windows: '市政务服务中心三楼商务窗口（46号）' }),
  d('wl', '北镇市文化旅游和广播电视局', '市文旅广电局', ['文旅局', '文化局', '旅游局', '广电局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼文化旅游窗口（47号）',
  }),
  d('wj', '北镇市卫生健康局', '市卫健局', ['卫健局', '卫生局', '计生局'], '政府工作部门', '11', { windows: '市政务服务中心二楼卫生健康窗口（29—30号）' }),
  d('ty', '北镇市退役军人事务局', '市退役军人事务局', ['退役军人局', '双拥办', '优抚办'], '政府工作部门', '11', {
    windows: '市政务服务中心二楼退役军人服务窗口（20号）',
  }),
  d('yj', '北镇市应急管理局', '市应急局', ['应急局', '安监局'], '政府工作部门', '11', { windows: '市政务服务中心三楼应急管理窗口（48号）' }),
  d('sj', '北镇市市场监督管理局', '市市场监管局', ['市场监管局', '工商局', '质监局', '食药监局'], '政府工作部门', '11', {
    windows: '市政务服务中心一楼企业开办专区（5—12号）、食品药品许可窗口（13—14号）',
  }),
  d('yb', '北镇市医疗保障局', '市医保局', ['医保局', '医保中心', '合作医疗办'], '政府工作部门', '11', {
    windows: '社会保险和医疗保障分中心二楼医保窗口（9—14号）',
  }),
  d('jy', '北镇市教育局', '市教育局', ['教育局'], '政府工作部门', '11', { windows: '市政务服务中心二楼教育窗口（19号）' }),
  d('fg', '北镇市发展和改革局', '市发改局', ['发改局', '发展改革局', '粮食局', '物价局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼投资项目审批窗口（34—35号）',
  }),
  d('cg', '北镇市城市管理综合行政执法局', '市城管执法局', ['城管局', '城管', '执法局'], '政府工作部门', '11', {
    windows: '市政务服务中心三楼城市管理窗口（49号）',
  }),
  d('gx', '北镇市工业和信息化局', '市工信局', ['工信局', '经信局'], '政府工作部门', '11', { windows: '市政务服务中心三楼综合窗口（50号）' }),
  d('rf', '北镇市人民防空办公室', '市人防办', ['人防办', '人防'], '政府工作部门', '11', { windows: '市政务服务中心三楼工程建设项目审批窗口（40号）' }),
  d('mzj', '北镇市民族和宗教事务局', '市民宗局', ['民宗局', '宗教局', '统战部民宗科'], '政府工作部门', '11', { windows: '市政务服务中心三楼综合窗口（51号）' }),
  d('ss', '国家税务总局北镇市税务局', '北镇市税务局', ['税务局', '国税局', '地税局', '办税服务厅'], '垂直管理', '11', {
    windows: '市政务服务中心一楼办税服务区（15—18号）',
  }),
  d('hb', '锦州市生态环境局北镇分局', '北镇生态环境分局', ['环保局', '生态环境局', '环保'], '垂直管理', '11', {
    windows: '市政务服务中心三楼生态环境窗口（52号）',
  }),
  d('qx', '北镇市气象局', '市气象局', ['气象局', '防雷所'], '垂直管理', '12', { windows: '市政务服务中心三楼综合窗口（53号）' }),
  d('yc', '北镇市烟草专卖局', '市烟草专卖局', ['烟草局', '烟草公司', '烟草专卖'], '垂直管理', '11', { windows: '市政务服务中心一楼烟草专卖许可窗口（59号）' }),
  d('xf', '北镇市消防救援大队', '市消防救援大队', ['消防大队', '消防队', '消防'], '垂直管理', '11', { windows: '市政务服务中心三楼消防窗口（54号）' }),
  d('gjj', '锦州市住房公积金管理中心北镇管理部', '公积金北镇管理部', ['公积金中心', '公积金', '住房公积金'], '事业单位', '12', {
    windows: '市政务服务中心二楼住房公积金窗口（56—58号）',
  }),
  d('cl', '北镇市残疾人联合会', '市残联', ['残联', '残疾人联合会'], '群团', '13', { windows: '市政务服务中心二楼残联窗口（55号）' }),
];

/** Departments and units that compile entries of the 办事不找关系指南 but have no matters in the centre. */
export const OTHER_UNITS: readonly DeptSpec[] = [
  d('zfb', '北镇市人民政府办公室', '市政府办', ['政府办', '政务公开办'], '政府工作部门', '11'),
  d('ysj', '北镇市营商环境建设局', '市营商局', ['营商局', '营商环境局', '政务服务管理办公室'], '政府工作部门', '11'),
  d('sjj', '北镇市审计局', '市审计局', ['审计局'], '政府工作部门', '11'),
  d('tj', '北镇市统计局', '市统计局', ['统计局'], '政府工作部门', '11'),
  d('xfj', '北镇市信访局', '市信访局', ['信访局', '信访办'], '政府工作部门', '11'),
  d('zwzx', '北镇市政务服务中心', '市政务服务中心', ['政务大厅', '行政服务中心', '办事大厅'], '事业单位', '12', { parent: 'ysj' }),
  d('ggzy', '北镇市公共资源交易中心', '市公共资源交易中心', ['交易中心', '招投标中心'], '事业单位', '12', { parent: 'ysj' }),
  d('dag', '北镇市档案馆', '市档案馆', ['档案馆', '档案局'], '事业单位', '12'),
  d('tyfw', '北镇市退役军人服务中心', '市退役军人服务中心', ['退役军人服务站'], '事业单位', '12', { parent: 'ty' }),
  d('jyfw', '北镇市就业服务中心', '市就业服务中心', ['就业局', '人才市场', '劳动力市场'], '事业单位', '12', { parent: 'rs' }),
  d('zcy', '北镇市劳动人事争议仲裁院', '市劳动人事争议仲裁院', ['劳动仲裁', '仲裁院'], '事业单位', '12', { parent: 'rs' }),
  d('ybfw', '北镇市医疗保障事务服务中心', '市医保事务中心', ['医保经办中心'], '事业单位', '12', { parent: 'yb' }),
  d('nyzf', '北镇市农业综合行政执法大队', '市农业执法大队', ['农业执法队'], '事业单位', '12', { parent: 'ny' }),
  d('sjzf', '北镇市市场监管综合行政执法大队', '市市场监管执法大队', ['市场监管稽查队'], '事业单位', '12', { parent: 'sj' }),
  d('whzf', '北镇市文化市场综合行政执法大队', '市文化执法大队', ['文化稽查队'], '事业单位', '12', { parent: 'wl' }),
  d('jtzf', '北镇市交通运输综合行政执法大队', '市交通执法大队', ['运政稽查', '路政'], '事业单位', '12', { parent: 'jt' }),
  d('yjzf', '北镇市应急管理综合行政执法大队', '市应急执法大队', ['安全生产执法队'], '事业单位', '12', { parent: 'yj' }),
  d('gzc', '北镇市公证处', '市公证处', ['公证处'], '事业单位', '12', { parent: 'sf' }),
  d('flyz', '北镇市法律援助中心', '市法律援助中心', ['法援中心', '法律援助'], '事业单位', '12', { parent: 'sf' }),
  d('jk', '北镇市疾病预防控制中心', '市疾控中心', ['疾控中心', '防疫站'], '事业单位', '12', { parent: 'wj' }),
  d('rmyy', '北镇市人民医院', '市人民医院', ['人民医院', '北镇医院'], '事业单位', '12', { parent: 'wj' }),
  d('zyy', '北镇市中医医院', '市中医院', ['中医院'], '事业单位', '12', { parent: 'wj' }),
  d('fy', '北镇市妇幼保健计划生育服务中心', '市妇幼保健院', ['妇幼保健院', '妇幼'], '事业单位', '12', { parent: 'wj' }),
  d('byg', '北镇市殡仪馆', '市殡仪馆', ['殡仪馆', '火葬场'], '事业单位', '12', { parent: 'mz' }),
  d('flg', '北镇市社会福利院', '市社会福利院', ['福利院', '敬老院'], '事业单位', '12', { parent: 'mz' }),
  d('jzgl', '北镇市救助管理站', '市救助管理站', ['救助站'], '事业单位', '12', { parent: 'mz' }),
  d('tsg', '北镇市图书馆', '市图书馆', ['图书馆'], '事业单位', '12', { parent: 'wl' }),
  d('whg', '北镇市文化馆', '市文化馆', ['文化馆'], '事业单位', '12', { parent: 'wl' }),
  d('bwg', '北镇市博物馆', '市博物馆', ['博物馆'], '事业单位', '12', { parent: 'wl' }),
  d('tyzx', '北镇市体育事业发展服务中心', '市体育中心', ['体育场', '体育局'], '事业单位', '12', { parent: 'wl' }),
  d('xszz', '北镇市学生资助管理中心', '市学生资助中心', ['资助中心', '助学贷款'], '事业单位', '12', { parent: 'jy' }),
  d('fc', '北镇市房产服务中心', '市房产服务中心', ['房产处', '房管所', '住房保障'], '事业单位', '12', { parent: 'zj' }),
  d('hw', '北镇市环境卫生服务中心', '市环卫中心', ['环卫处', '环卫所'], '事业单位', '12', { parent: 'cg' }),
  d('slfw', '北镇市水利事务服务中心', '市水利事务中心', ['水利站', '农村饮水办'], '事业单位', '12', { parent: 'sl' }),
  d('njtg', '北镇市农业技术推广中心', '市农技推广中心', ['农技站', '农技中心'], '事业单位', '12', { parent: 'ny' }),
  d('dwyk', '北镇市动物疫病预防控制中心', '市动物疫控中心', ['兽医站', '动物防疫站'], '事业单位', '12', { parent: 'ny' }),
  d('njz', '北镇市农村经济经营管理服务中心', '市农经中心', ['农经站', '经管站'], '事业单位', '12', { parent: 'ny' }),
  d('lyfz', '北镇市林业发展服务中心', '市林业发展中心', ['林业站', '林场'], '事业单位', '12', { parent: 'zr' }),
  d('glzd', '北镇市公路管理段', '市公路段', ['公路段', '公路管理站'], '事业单位', '12', { parent: 'jt' }),
  d('dlys', '北镇市道路运输服务中心', '市道路运输中心', ['运管站', '道路运输管理所'], '事业单位', '12', { parent: 'jt' }),
  d('gxs', '北镇市供销合作社联合社', '市供销社', ['供销社'], '事业单位', '12'),
  d('rmt', '北镇市融媒体中心', '市融媒体中心', ['北镇电视台', '融媒体'], '事业单位', '12'),
  d('dcd', '国家统计局北镇调查队', '北镇调查队', ['调查队'], '垂直管理', '11'),
  d('fyuan', '北镇市人民法院', '市法院', ['法院', '诉讼服务中心'], '其他', '11'),
  d('jcy', '北镇市人民检察院', '市检察院', ['检察院', '12309检察服务中心'], '其他', '11'),
  d('nsh', '辽宁北镇农村商业银行股份有限公司', '北镇农商银行', ['农商行', '信用社', '农村信用社'], '其他', '91'),
  d('kfq', '辽宁北镇经济开发区管理委员会', '北镇经济开发区管委会', ['开发区管委会', '开发区'], '其他', '11'),
  d('zgh', '北镇市总工会', '市总工会', ['总工会', '工会'], '群团', '13'),
  d('tsw', '共青团北镇市委员会', '团市委', ['团委', '共青团'], '群团', '13'),
  d('fl', '北镇市妇女联合会', '市妇联', ['妇联'], '群团', '13'),
  d('kx', '北镇市科学技术协会', '市科协', ['科协'], '群团', '13'),
  d('gsl', '北镇市工商业联合会', '市工商联', ['工商联', '商会'], '群团', '13'),
  d('hsh', '北镇市红十字会', '市红十字会', ['红十字会'], '群团', '13'),
  d('wlian', '北镇市文学艺术界联合会', '市文联', ['文联'], '群团', '13'),
  d('gd', '国网辽宁省电力有限公司北镇市供电分公司', '国网北镇市供电公司', ['供电公司', '电业局', '供电局'], '公用事业企业', '91', { hotline: '95598' }),
  d('gs', '北镇市自来水公司', '市自来水公司', ['自来水公司', '供水公司', '水费'], '公用事业企业', '91'),
  d('rq', '北镇市燃气有限公司', '市燃气公司', ['燃气公司', '天然气公司', '煤气公司'], '公用事业企业', '91'),
  d('rl', '北镇市热力有限公司', '市热力公司', ['热力公司', '供暖公司', '供热公司'], '公用事业企业', '91'),
  d('yz', '中国邮政集团有限公司北镇市分公司', '北镇邮政分公司', ['邮政局', '邮局', 'EMS'], '公用事业企业', '91', { hotline: '11183' }),
  d('dx', '中国电信股份有限公司北镇分公司', '北镇电信', ['电信公司', '电信'], '公用事业企业', '91', { hotline: '10000' }),
  d('ydong', '中国移动通信集团辽宁有限公司北镇分公司', '北镇移动', ['移动公司', '移动'], '公用事业企业', '91', { hotline: '10086' }),
  d('lt', '中国联合网络通信有限公司北镇市分公司', '北镇联通', ['联通公司', '联通'], '公用事业企业', '91', { hotline: '10010' }),
  d('gdwl', '北方联合广播电视网络股份有限公司北镇分公司', '北镇广电网络', ['有线电视', '广电网络'], '公用事业企业', '91'),
];

/** How many village / community committees compile their own entries (those hosting a 代办点, in order). */
export const VILLAGE_UNIT_COUNT = 14;

export const DEPARTMENT_TOTAL = 128;

export interface DeptInfo {
  spec: DeptSpec;
  code: string;
  uscc: string;
  phone: string;
  complaintPhone: string;
  address: string;
  /** 9-digit township code for township governments and village committees */
  townshipCode?: string;
  /** 12-digit village code for village committees */
  villageCode?: string;
}

export const CENTRE_ADDRESS = '北镇市北镇街道府前路 8 号北镇市政务服务中心';

/** Builds the 128 department records and an index by key. */
export function buildDepartments(): { records: ExchangeDepartmentDto[]; byKey: Map<string, DeptInfo>; ordered: DeptInfo[] } {
  const rng = new Prng('beizhen-departments');
  const usedPhones = new Set<string>();
  const phone = (prefix: string): string => {
    for (;;) {
      const p = `0416-${prefix}${rng.digits(7 - prefix.length)}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const ordered: DeptInfo[] = [];
  const usedUscc = new Set<string>();
  const uscc = (prefix: UsccPrefix): string => {
    for (;;) {
      const u = makeUscc(prefix, '210782', rng);
      if (!usedUscc.has(u)) {
        usedUscc.add(u);
        return u;
      }
    }
  };
  const cityAddress = (): string => `北镇市北镇街道${rng.pick(CITY_STREETS)} ${rng.int(1, 199)} 号`;

  for (const spec of IN_CENTRE) {
    const u = uscc(spec.prefix);
    ordered.push({ spec, code: `BZ-${u}`, uscc: u, phone: phone('66'), complaintPhone: phone('66'), address: cityAddress() });
  }
  for (const t of TOWNSHIPS) {
    const u = uscc('11');
    const spec = d(`t${t.code9}`, townshipGovernmentName(t), t.name, [`${t.name}政府`, t.name.replace(/(街道|镇|乡)$/, '')], '乡镇街道', '11');
    ordered.push({
      spec,
      code: `BZ-${u}`,
      uscc: u,
      phone: phone('6'),
      complaintPhone: phone('6'),
      address: `北镇市${t.name}${t.street} ${rng.int(1, 60)} 号`,
      townshipCode: t.code9,
    });
  }
  for (const spec of OTHER_UNITS) {
    const u = uscc(spec.prefix);
    const p = spec.hotline ?? phone('66');
    ordered.push({ spec, code: `BZ-${u}`, uscc: u, phone: p, complaintPhone: phone('66'), address: spec.key === 'zwzx' ? CENTRE_ADDRESS : cityAddress() });
  }
  for (const v of villages().slice(0, VILLAGE_UNIT_COUNT)) {
    const u = uscc('54');
    const suffix = v.isCommunity ? '居民委员会' : '村民委员会';
    const spec = d(
      `v${v.code12}`,
      `北镇市${v.township.name}${v.name}${suffix}`,
      `${v.name}${v.isCommunity ? '居委会' : '村委会'}`,
      [`${v.name}村部`.replace('社区村部', '社区服务站'), v.name],
      '其他',
      '54',
      { parent: `t${v.township.code9}` },
    );
    ordered.push({
      spec,
      code: `BZ-${u}`,
      uscc: u,
      phone: phone('6'),
      complaintPhone: phone('6'),
      address: `北镇市${v.township.name}${v.name}${v.isCommunity ? '社区服务站' : '村部'}`,
      townshipCode: v.township.code9,
      villageCode: v.code12,
    });
  }
  if (ordered.length !== DEPARTMENT_TOTAL) throw new Error(`expected ${DEPARTMENT_TOTAL} departments, built ${ordered.length}`);

  const byKey = new Map(ordered.map((x) => [x.spec.key, x]));
  const records: ExchangeDepartmentDto[] = ordered.map((x) => {
    const rec: ExchangeDepartmentDto = {
      code: x.code,
      name: x.spec.name,
      shortName: x.spec.short,
      aliases: [...x.spec.aliases],
      uscc: x.uscc,
      regionCode: x.villageCode ?? (x.townshipCode ? `${x.townshipCode}000` : '210782'),
      kind: x.spec.kind,
      inCentre: Boolean(x.spec.windows),
      phone: x.phone,
      complaintPhone: x.complaintPhone,
      address: x.address,
      status: 'published',
    };
    if (x.spec.windows) rec.centreWindows = x.spec.windows;
    if (x.spec.parent) rec.parentCode = byKey.get(x.spec.parent)!.code;
    return rec;
  });
  return { records, byKey, ordered };
}
