/**
 * National code lists (GB/T 39046—2020 Appendix A and the national platform's upload tables),
 * as described in docs/domain-model.md. Every code is stored in Postgres as its code; the label is
 * served beside it. The database CHECK constraints in migrations/ use the same values.
 */
export type CodeList = Readonly<Record<string, string>>;

export const MATTER_TYPES: CodeList = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
  '99': '其他',
};
/** Codes 11–19 and 21–39 are local extensions (accepted by the exchange DTO); the known ones are labelled here. */
export const LOCAL_MATTER_TYPE_LABELS: CodeList = { '30': '政府内部审批', '31': '依申请便民服务' };

export const EXERCISE_LEVELS: CodeList = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '乡镇(街道)级',
  '6': '村(社区)级',
  '7': '分级管理',
};
export const SERVICE_OBJECTS: CodeList = {
  '1': '自然人',
  '2': '企业法人',
  '3': '事业法人',
  '4': '社会组织法人',
  '5': '非法人企业',
  '6': '行政机关',
  '9': '其他组织',
};
export const PERSONAL_OBJECTS = ['1'];
export const CORPORATE_OBJECTS = ['2', '3', '4', '5', '9'];

export const CASE_TYPES: CodeList = { '1': '即办件', '2': '承诺件', '9': '其他' };
export const HANDLING_FORMS: CodeList = { '1': '窗口办理', '2': '网上办理(电脑端)', '3': '移动端办理', '4': '快递申请', '9': '其他' };
export const ONLINE_DEPTHS: CodeList = {
  '1': '互联网咨询',
  '2': '互联网收件',
  '3': '互联网预审',
  '4': '互联网受理',
  '5': '互联网办理',
  '6': '办理结果信息反馈',
  '7': '电子证照反馈',
  '8': '其他',
};
export const POWER_SOURCES = ['法定本级行使', '上级下放', '上级授权', '同级授权', '上级委托', '同级委托'] as const;
export const IMPLEMENTER_NATURES = ['法定机关', '授权组织', '受委托组织', '其他'] as const;
export const LIMIT_UNITS = ['工作日', '自然日'] as const;
export const CROSS_REGION_SCOPES = ['全国', '跨省', '跨市', '跨县', '全省', '全市', '未实现'] as const;
export const CATALOGUE_STATUSES = ['在用', '暂停', '取消', '草稿'] as const;

export const MATERIAL_NECESSITY = ['必要', '非必要', '容缺后补'] as const;
export const MATERIAL_ORIGINALITY = ['原件', '复印件', '原件和复印件', '原件或复印件'] as const;
export const MATERIAL_MEDIUM = ['纸质', '电子', '纸质和电子', '纸质或电子'] as const;
export const MATERIAL_SOURCE = ['申请人自备', '政府部门核发', '中介机构出具', '其他'] as const;
export const PAPER_SPECS = ['A4', 'A3', '其他'] as const;
export const SPECIAL_PROCEDURES = ['现场勘验', '听证', '专家评审', '检验检测', '公示', '其他'] as const;
export const RESULT_TYPES = ['许可证', '执照', '资格证', '资质证', '批准文件', '证明文件', '其他'] as const;

export const PERSONAL_THEMES: CodeList = {
  '005': '生育收养',
  '010': '户籍办理',
  '015': '民族宗教',
  '020': '教育科研',
  '025': '入伍服役',
  '030': '就业创业',
  '035': '设立变更',
  '040': '准营准办',
  '045': '抵押质押',
  '050': '职业资格',
  '055': '行政缴费',
  '060': '婚姻登记',
  '065': '优待抚恤',
  '070': '规划建设',
  '075': '住房保障',
  '085': '社会保障',
  '090': '证件办理',
  '095': '交通出行',
  '100': '旅游观光',
  '105': '出境入境',
  '110': '消费维权',
  '115': '公共安全',
  '120': '司法公证',
  '125': '知识产权',
  '130': '环保绿化',
  '135': '文化体育',
  '140': '公用事业',
  '145': '医疗卫生',
  '150': '离职退休',
  '155': '死亡殡葬',
  '998': '地方特色',
  '999': '其他',
};
export const CORPORATE_THEMES: CodeList = {
  '005': '设立变更',
  '010': '准营准办',
  '015': '资质认证',
  '020': '年检年审',
  '025': '税收财务',
  '030': '人力资源',
  '035': '社会保障',
  '040': '投资审批',
  '045': '融资信贷',
  '050': '抵押质押',
  '055': '商务贸易',
  '060': '招标拍卖',
  '065': '海关口岸',
  '070': '涉外服务',
  '075': '农林牧渔',
  '085': '国土和规划建设',
  '090': '交通运输',
  '095': '环保绿化',
  '100': '应对气候变化',
  '105': '水务气象',
  '110': '医疗卫生',
  '115': '科技创新',
  '120': '文体教育',
  '125': '知识产权',
  '130': '民族宗教',
  '135': '质量技术',
  '140': '检验检疫',
  '145': '安全生产',
  '150': '公安消防',
  '155': '司法公证',
  '160': '公用事业',
  '165': '法人注销',
  '170': '档案文物',
  '998': '地方特色',
  '999': '其他',
};
/** Life-cycle stages (国办发〔2025〕24号), stored by their names. */
export const PERSONAL_LIFE_STAGES = ['出生', '教育', '就业', '生活', '置业', '出行', '就医', '救助', '养老', '身后'] as const;
export const CORPORATE_LIFE_STAGES = ['准入准营', '招聘用工', '纳税缴费', '经营发展', '工程建设', '注销退出'] as const;
export const LIFE_STAGES = [...PERSONAL_LIFE_STAGES, ...CORPORATE_LIFE_STAGES] as const;

export const DEPARTMENT_KINDS = ['政府工作部门', '垂直管理', '事业单位', '乡镇街道', '群团', '公用事业企业', '其他'] as const;
export const LOCATION_LEVELS = ['市政务服务中心', '分中心', '乡镇(街道)便民服务中心', '村(社区)代办点'] as const;

/** The four lists of Liaoning's 《办事不找关系指南》. */
export const GUIDE_LISTS: CodeList = {
  power: '权力事项清单',
  compliance: '合规办事业务指南',
  prohibited: '违规禁办事项清单',
  deferrable: '容缺办理事项清单',
};

export const PUBLICATION_STATUSES = ['draft', 'published', 'archived'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export function matterTypeLabel(code: string): string {
  return MATTER_TYPES[code] ?? LOCAL_MATTER_TYPE_LABELS[code] ?? '地方扩展类型';
}

export interface Coded {
  code: string;
  label: string;
}

export function labelled(list: CodeList, code: string): Coded {
  return { code, label: list[code] ?? code };
}

/** Every list, for GET /api/v1/code-lists. */
export const ALL_CODE_LISTS = {
  matterTypes: { ...MATTER_TYPES, ...LOCAL_MATTER_TYPE_LABELS },
  exerciseLevels: EXERCISE_LEVELS,
  serviceObjects: SERVICE_OBJECTS,
  caseTypes: CASE_TYPES,
  handlingForms: HANDLING_FORMS,
  onlineDepths: ONLINE_DEPTHS,
  personalThemes: PERSONAL_THEMES,
  corporateThemes: CORPORATE_THEMES,
  guideLists: GUIDE_LISTS,
  powerSources: POWER_SOURCES,
  implementerNatures: IMPLEMENTER_NATURES,
  limitUnits: LIMIT_UNITS,
  crossRegionScopes: CROSS_REGION_SCOPES,
  catalogueStatuses: CATALOGUE_STATUSES,
  materialNecessity: MATERIAL_NECESSITY,
  materialOriginality: MATERIAL_ORIGINALITY,
  materialMedium: MATERIAL_MEDIUM,
  materialSource: MATERIAL_SOURCE,
  specialProcedures: SPECIAL_PROCEDURES,
  resultTypes: RESULT_TYPES,
  personalLifeStages: PERSONAL_LIFE_STAGES,
  corporateLifeStages: CORPORATE_LIFE_STAGES,
  departmentKinds: DEPARTMENT_KINDS,
  locationLevels: LOCATION_LEVELS,
} as const;
