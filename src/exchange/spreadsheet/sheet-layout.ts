import {
  CASE_TYPES,
  CATALOGUE_STATUSES,
  CodeList,
  CORPORATE_THEMES,
  CROSS_REGION_SCOPES,
  DEPARTMENT_KINDS,
  EXERCISE_LEVELS,
  GUIDE_LISTS,
  HANDLING_FORMS,
  IMPLEMENTER_NATURES,
  LIFE_STAGES,
  LIMIT_UNITS,
  LOCAL_MATTER_TYPE_LABELS,
  LOCATION_LEVELS,
  MATERIAL_MEDIUM,
  MATERIAL_NECESSITY,
  MATERIAL_ORIGINALITY,
  MATERIAL_SOURCE,
  MATTER_TYPES,
  ONLINE_DEPTHS,
  PAPER_SPECS,
  PERSONAL_THEMES,
  POWER_SOURCES,
  RESULT_TYPES,
  SERVICE_OBJECTS,
  SPECIAL_PROCEDURES,
} from '../../code-lists/code-lists';

/**
 * The one description of the Banshi workbook (docs/spreadsheets.md). The template, the reader and the writer
 * are all driven by it: a sheet is one kind of record (or one child list of a record), a column is one field
 * path of the exchange format (docs/exchange-format.md) with its cell type. Headers are the national element
 * names (`x-label-zh` of docs/exchange.schema.json).
 */

export type { CatalogueKind as RecordKind } from '../catalogue-kinds';
import type { CatalogueKind as RecordKind } from '../catalogue-kinds';

export type CellType =
  | { kind: 'text' }
  | { kind: 'integer' }
  | { kind: 'number' }
  /** 是 / 否 */
  | { kind: 'boolean' }
  /** YYYY-MM-DD (a date cell or text) */
  | { kind: 'date' }
  /** several texts in one cell */
  | { kind: 'list'; separator: ListSeparator }
  /** one value of a fixed list, stored as written (e.g. 必要) */
  | { kind: 'choice'; values: readonly string[] }
  /** one code, shown as "code label" (e.g. "01 行政许可"); the code or the label alone are accepted */
  | { kind: 'coded'; list: CodeList }
  /** several codes, each shown as "code label" */
  | { kind: 'codedList'; list: CodeList; separator: ListSeparator };

export type ListSeparator = '；' | '、';

export interface Column {
  header: string;
  /** exchange field path inside the record, e.g. `legalLimit.value`; PARENT = the parent record's code */
  path: string;
  type: CellType;
  required?: boolean;
  width?: number;
}

export interface SheetLayout {
  name: string;
  kind: RecordKind;
  /** A child sheet: its rows are items of the parent record's array `field`, in row order. */
  child?: { field: string };
  columns: Column[];
}

/** Path of a child sheet's first column: the code of the record the row belongs to. */
export const PARENT = '@parent';
export const INSTRUCTIONS_SHEET = '填写说明';
export const CODE_TABLE_SHEET = '代码表';

const PUBLICATION_LABELS: CodeList = { draft: '草稿', published: '已发布', archived: '已归档' };
const ALL_MATTER_TYPES: CodeList = { ...MATTER_TYPES, ...LOCAL_MATTER_TYPE_LABELS };

const text = (header: string, path: string, width = 20, required = false): Column => ({ header, path, type: { kind: 'text' }, width, required });
const req = (header: string, path: string, width = 20): Column => text(header, path, width, true);
const int = (header: string, path: string): Column => ({ header, path, type: { kind: 'integer' }, width: 12 });
const num = (header: string, path: string): Column => ({ header, path, type: { kind: 'number' }, width: 12 });
const bool = (header: string, path: string): Column => ({ header, path, type: { kind: 'boolean' }, width: 12 });
const date = (header: string, path: string): Column => ({ header, path, type: { kind: 'date' }, width: 14 });
const list = (header: string, path: string, separator: ListSeparator, width = 30): Column => ({ header, path, type: { kind: 'list', separator }, width });
const choice = (header: string, path: string, values: readonly string[], required = false): Column => ({
  header,
  path,
  type: { kind: 'choice', values },
  width: 16,
  required,
});
const coded = (header: string, path: string, codes: CodeList, required = false): Column => ({
  header,
  path,
  type: { kind: 'coded', list: codes },
  width: 18,
  required,
});
const codedList = (header: string, path: string, codes: CodeList): Column => ({
  header,
  path,
  type: { kind: 'codedList', list: codes, separator: '、' },
  width: 24,
});
const parent = (header: string): Column => ({ header, path: PARENT, type: { kind: 'text' }, width: 22, required: true });
const status = coded('发布状态', 'status', PUBLICATION_LABELS);

const MATTER_KEY = '事项编码';
const GUIDE_KEY = '条目编码';

export const SHEETS: readonly SheetLayout[] = [
  {
    name: '事项',
    kind: 'matters',
    columns: [
      req(MATTER_KEY, 'code', 24),
      req('事项名称', 'name', 28),
      req('实施主体编码', 'departmentCode'),
      coded('事项类型', 'matterType', ALL_MATTER_TYPES, true),
      text('基本编码', 'baseCode'),
      text('业务办理项编码', 'caseCode'),
      text('主项名称', 'mainItemName'),
      text('子项名称', 'subItemName'),
      text('业务办理项名称', 'caseName'),
      codedList('行使层级', 'exerciseLevels', EXERCISE_LEVELS),
      choice('权力来源', 'powerSource', POWER_SOURCES),
      choice('实施主体性质', 'implementerNature', IMPLEMENTER_NATURES),
      text('委托部门', 'entrustedDepartment'),
      list('联办机构', 'jointOrganizations', '、'),
      text('承办机构', 'handlingOffice'),
      text('受理条件', 'conditions', 40),
      bool('无需提交材料', 'noMaterialsRequired'),
      bool('是否收费', 'charged'),
      text('办理流程', 'processDescription', 40),
      int('法定办结时限', 'legalLimit.value'),
      choice('法定时限单位', 'legalLimit.unit', LIMIT_UNITS),
      text('法定时限说明', 'legalLimit.note', 30),
      int('承诺办结时限', 'promisedLimit.value'),
      choice('承诺时限单位', 'promisedLimit.unit', LIMIT_UNITS),
      text('承诺时限说明', 'promisedLimit.note', 30),
      coded('办件类型', 'caseType', CASE_TYPES),
      codedList('服务对象', 'serviceObjects', SERVICE_OBJECTS),
      codedList('办理形式', 'handlingForms', HANDLING_FORMS),
      codedList('网上办理深度', 'onlineDepth', ONLINE_DEPTHS),
      text('网办地址', 'onlineUrl', 30),
      text('移动端办理地址', 'mobileUrl', 30),
      int('到办事现场次数', 'onSiteVisits'),
      text('到现场原因', 'onSiteReason', 30),
      bool('是否就近办', 'nearby'),
      list('就近办理点编码', 'nearbyLocationCodes', '、'),
      text('咨询电话', 'consult.phone'),
      text('咨询地址', 'consult.address', 30),
      text('咨询网址', 'consult.url', 30),
      text('咨询方式说明', 'consult.note', 30),
      text('监督投诉电话', 'complaint.phone'),
      text('监督投诉地址', 'complaint.address', 30),
      text('监督投诉网址', 'complaint.url', 30),
      text('监督投诉方式说明', 'complaint.note', 30),
      choice('审批结果类型', 'result.type', RESULT_TYPES),
      text('审批结果名称', 'result.name', 24),
      text('审批结果样本', 'result.sampleUrl', 30),
      text('数量限制', 'quantityLimit'),
      text('中介服务', 'intermediaryService'),
      choice('通办范围', 'crossRegionScope', CROSS_REGION_SCOPES),
      bool('是否支持预约', 'appointment'),
      bool('是否网上支付', 'onlinePayment'),
      bool('是否物流快递', 'express'),
      bool('是否自助终端', 'selfService'),
      codedList('自然人主题', 'personalThemes', PERSONAL_THEMES),
      codedList('法人主题', 'corporateThemes', CORPORATE_THEMES),
      list('生命周期阶段', 'lifeStages', '、'),
      list('关键词', 'keywords', '、'),
      text('行政复议', 'redress.reconsideration', 30),
      text('行政诉讼', 'redress.litigation', 30),
      choice('事项状态', 'catalogueStatus', CATALOGUE_STATUSES),
      date('生效日期', 'effectiveFrom'),
      date('失效日期', 'effectiveTo'),
      status,
    ],
  },
  {
    name: '设定依据',
    kind: 'matters',
    child: { field: 'legalBasis' },
    columns: [parent(MATTER_KEY), req('法规名称', 'name', 30), text('文号', 'docNo', 24), text('条款号', 'article', 12), text('条款内容', 'content', 60)],
  },
  {
    name: '材料',
    kind: 'matters',
    child: { field: 'materials' },
    columns: [
      parent(MATTER_KEY),
      req('材料名称', 'name', 28),
      choice('材料必要性', 'necessity', MATERIAL_NECESSITY),
      choice('材料类型', 'originality', MATERIAL_ORIGINALITY),
      choice('材料形式', 'medium', MATERIAL_MEDIUM),
      choice('来源渠道', 'sourceChannel', MATERIAL_SOURCE),
      text('出具单位', 'issuingOrg'),
      int('份数', 'copies'),
      choice('纸质规格', 'paperSpec', PAPER_SPECS),
      text('空白表格', 'blankFormUrl', 30),
      text('示例样表', 'sampleUrl', 30),
      text('填报须知', 'fillNotes', 30),
      text('受理标准', 'acceptStandard', 30),
      text('材料依据', 'legalBasis', 30),
      text('提交情形', 'whenRequired', 30),
      bool('免提交', 'sharedCertificate'),
    ],
  },
  {
    name: '收费',
    kind: 'matters',
    child: { field: 'fees' },
    columns: [
      parent(MATTER_KEY),
      req('收费项目名称', 'name', 24),
      req('收费标准', 'standard', 30),
      text('收费依据', 'basis', 40),
      bool('是否允许减免', 'reducible'),
      text('减免依据', 'reductionBasis', 40),
    ],
  },
  {
    name: '办理流程',
    kind: 'matters',
    child: { field: 'steps' },
    columns: [
      parent(MATTER_KEY),
      req('环节名称', 'name'),
      text('办理人员', 'actor'),
      text('环节时限', 'timeLimit', 16),
      text('审查标准', 'reviewStandard', 40),
      text('环节结果', 'result', 30),
    ],
  },
  {
    name: '特别程序',
    kind: 'matters',
    child: { field: 'specialProcedures' },
    columns: [
      parent(MATTER_KEY),
      choice('特别程序种类', 'type', SPECIAL_PROCEDURES, true),
      text('特别程序时限', 'timeLimit', 16),
      bool('是否计入法定时限', 'countsInLegalLimit'),
      text('特别程序说明', 'note', 40),
    ],
  },
  {
    name: '办理地点',
    kind: 'matters',
    child: { field: 'locations' },
    columns: [
      parent(MATTER_KEY),
      req('场所编码', 'locationCode'),
      text('办理窗口', 'window', 24),
      text('办理时间', 'hours', 30),
      text('窗口电话', 'phone', 16),
    ],
  },
  {
    name: '常见问题',
    kind: 'matters',
    child: { field: 'faqs' },
    columns: [parent(MATTER_KEY), req('问题', 'question', 40), req('解答', 'answer', 60)],
  },
  {
    name: '办事指南',
    kind: 'guides',
    columns: [
      req(GUIDE_KEY, 'code', 24),
      req('条目名称', 'title', 28),
      req('编制单位编码', 'departmentCode'),
      coded('清单类别', 'list', GUIDE_LISTS, true),
      text('关联事项编码', 'matterCode', 22),
      text('受理窗口', 'contact.window'),
      text('岗位', 'contact.post'),
      text('联系人', 'contact.person', 12),
      text('联系电话', 'contact.phone', 16),
      text('办理条件', 'conditions', 40),
      list('所需材料', 'materials', '；', 40),
      list('办理流程', 'steps', '；', 40),
      text('办理时限', 'timeLimit'),
      text('收费情况', 'fees', 30),
      text('办理地点', 'place', 30),
      text('办公时间', 'hours', 30),
      list('违规禁办行为', 'prohibitedConduct', '；', 40),
      list('容缺材料', 'deferrableMaterials', '；', 30),
      text('容缺承诺', 'commitment', 30),
      text('二维码链接', 'qrUrl', 30),
      int('手册页码', 'handbookPage'),
      status,
    ],
  },
  {
    name: '投诉渠道',
    kind: 'guides',
    child: { field: 'complaintChannels' },
    columns: [parent(GUIDE_KEY), req('渠道名称', 'name', 30), req('投诉电话', 'phone', 16)],
  },
  {
    name: '部门',
    kind: 'departments',
    columns: [
      req('部门编码', 'code'),
      req('部门名称', 'name', 28),
      text('简称', 'shortName', 14),
      list('别名', 'aliases', '、'),
      text('统一社会信用代码', 'uscc'),
      text('行政区划代码', 'regionCode', 16),
      choice('部门类别', 'kind', DEPARTMENT_KINDS),
      text('上级部门编码', 'parentCode'),
      bool('是否进驻中心', 'inCentre'),
      text('进驻窗口', 'centreWindows', 30),
      text('咨询电话', 'phone', 16),
      text('监督投诉电话', 'complaintPhone', 16),
      text('办公地址', 'address', 30),
      status,
    ],
  },
  {
    name: '服务场所',
    kind: 'locations',
    columns: [
      req('场所编码', 'code'),
      req('场所名称', 'name', 28),
      choice('场所层级', 'level', LOCATION_LEVELS, true),
      text('行政区划代码', 'regionCode', 16),
      text('主办单位编码', 'departmentCode'),
      text('上级场所编码', 'parentCode'),
      text('地址', 'address', 30),
      text('办公时间', 'hours', 30),
      text('联系电话', 'phone', 16),
      num('纬度', 'lat'),
      num('经度', 'lng'),
      list('窗口', 'windows', '；', 30),
      status,
    ],
  },
  {
    name: '一件事',
    kind: 'bundles',
    columns: [
      req('一件事编码', 'code'),
      req('一件事名称', 'name', 28),
      text('一件事说明', 'description', 40),
      text('牵头部门编码', 'departmentCode'),
      list('包含事项编码', 'matterCodes', '、', 40),
      list('共享材料', 'sharedMaterials', '；', 40),
      list('生命周期阶段', 'lifeStages', '、'),
      status,
    ],
  },
];

/** The code-list values a column offers (drop-down), as written in its cells. */
export function columnOptions(type: CellType): string[] | undefined {
  switch (type.kind) {
    case 'boolean':
      return ['是', '否'];
    case 'choice':
      return [...type.values];
    case 'coded':
      return Object.keys(type.list).map((code) => codedText(code, type.list));
    default:
      return undefined;
  }
}

/** Values of a list column that come from a code list (shown in the 代码表 sheet, not offered as a drop-down). */
export function columnReference(type: CellType, path: string): string[] | undefined {
  if (type.kind === 'codedList') return Object.keys(type.list).map((c) => codedText(c, type.list));
  if (type.kind === 'list' && path === 'lifeStages') return [...LIFE_STAGES];
  return undefined;
}

export function codedText(code: string, codes: CodeList): string {
  return codes[code] ? `${code} ${codes[code]}` : code;
}

export const topSheet = (kind: RecordKind): SheetLayout => SHEETS.find((s) => s.kind === kind && !s.child)!;
export const childSheets = (kind: RecordKind): SheetLayout[] => SHEETS.filter((s) => s.kind === kind && s.child);
export const sheetNamed = (name: string): SheetLayout | undefined => SHEETS.find((s) => s.name === name);

/** Column letter (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
