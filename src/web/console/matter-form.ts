import {
  CASE_TYPES,
  LIMIT_UNITS,
  LOCAL_MATTER_TYPE_LABELS,
  MATERIAL_MEDIUM,
  MATERIAL_NECESSITY,
  MATERIAL_ORIGINALITY,
  MATTER_TYPES,
  SERVICE_OBJECTS,
} from '../../code-lists/code-lists';

import { codeOptions as codes, FormDef, formToRecord, listOptions as list, Part, Payload, RecordForm, recordToForm, ScalarField } from './record-form';

/**
 * The matter editor's form, as data (the mechanism — form post ↔ payload, carrying over what the form does not
 * show — is record-form.ts, shared with the other editors). Validation is not here: the page hands the payload to
 * the same ValidationPipe and WorkflowService the JSON API uses.
 */
export type { Part, PartField, Payload, ScalarField } from './record-form';
export { getPath } from './record-form';

export const MATTER_SECTIONS: { title: string; fields: ScalarField[] }[] = [
  {
    title: '基本信息',
    fields: [
      { path: 'name', label: '事项名称', kind: 'text', required: true },
      { path: 'matterType', label: '事项类型', kind: 'select', options: codes({ ...MATTER_TYPES, ...LOCAL_MATTER_TYPE_LABELS }), required: true },
      { path: 'serviceObjects', label: '服务对象', kind: 'codes', options: codes(SERVICE_OBJECTS) },
      { path: 'keywords', label: '俗称、别名（每行一个，帮助群众搜到）', kind: 'lines' },
      { path: 'conditions', label: '受理条件', kind: 'textarea' },
      {
        path: 'noMaterialsRequired',
        label: '本事项无需提交材料',
        kind: 'checkbox',
        hint: '勾选后下方“申请材料”须为空；不勾选时，提交审核前至少列出一项材料',
      },
    ],
  },
  {
    title: '时限与收费',
    fields: [
      { path: 'promisedLimit.value', label: '承诺办结时限（天）', kind: 'int', hint: '0 表示即办' },
      { path: 'promisedLimit.unit', label: '承诺时限单位', kind: 'select', options: list(LIMIT_UNITS) },
      { path: 'legalLimit.value', label: '法定办结时限（天）', kind: 'int' },
      { path: 'legalLimit.unit', label: '法定时限单位', kind: 'select', options: list(LIMIT_UNITS) },
      { path: 'caseType', label: '办件类型', kind: 'select', options: codes(CASE_TYPES) },
      { path: 'charged', label: '收费', kind: 'checkbox', hint: '收费时须在下方“收费”中写明标准和依据' },
      { path: 'onSiteVisits', label: '到办事现场次数', kind: 'int' },
      { path: 'onSiteReason', label: '必须到现场的原因', kind: 'text', hint: '到现场次数大于 0 时必填' },
    ],
  },
  {
    title: '咨询与网上办理',
    fields: [
      { path: 'consult.phone', label: '咨询电话', kind: 'tel' },
      { path: 'complaint.phone', label: '监督投诉电话', kind: 'tel' },
      { path: 'onlineUrl', label: '网上办理地址', kind: 'url' },
    ],
  },
];

export const MATTER_PARTS: Part[] = [
  {
    key: 'legalBasis',
    label: '设定依据',
    item: '依据',
    fields: [
      { key: 'name', label: '法规名称', kind: 'text', required: true },
      { key: 'docNo', label: '文号', kind: 'text' },
      { key: 'article', label: '条款', kind: 'text' },
    ],
  },
  {
    key: 'materials',
    label: '申请材料',
    item: '材料',
    fields: [
      { key: 'name', label: '材料名称', kind: 'text', required: true },
      { key: 'necessity', label: '必要性', kind: 'select', options: list(MATERIAL_NECESSITY) },
      { key: 'originality', label: '原件/复印件', kind: 'select', options: list(MATERIAL_ORIGINALITY) },
      { key: 'medium', label: '载体', kind: 'select', options: list(MATERIAL_MEDIUM) },
      { key: 'copies', label: '份数', kind: 'int' },
    ],
  },
  {
    key: 'fees',
    label: '收费',
    item: '收费项',
    fields: [
      { key: 'name', label: '收费项目', kind: 'text', required: true },
      { key: 'standard', label: '收费标准', kind: 'text', required: true },
      { key: 'basis', label: '收费依据', kind: 'text' },
    ],
  },
  {
    key: 'steps',
    label: '办理流程',
    item: '环节',
    fields: [
      { key: 'name', label: '环节名称', kind: 'text', required: true },
      { key: 'actor', label: '办理人员', kind: 'text' },
      { key: 'timeLimit', label: '时限', kind: 'text' },
    ],
  },
  {
    key: 'locations',
    label: '办理地点',
    item: '地点',
    fields: [
      { key: 'locationCode', label: '服务场所编码', kind: 'text', required: true },
      { key: 'window', label: '窗口', kind: 'text' },
      { key: 'hours', label: '办公时间', kind: 'text' },
      { key: 'phone', label: '电话', kind: 'text' },
    ],
  },
  {
    key: 'faqs',
    label: '常见问题',
    item: '问题',
    fields: [
      { key: 'question', label: '问题', kind: 'textarea', required: true },
      { key: 'answer', label: '回答', kind: 'textarea', required: true },
    ],
  },
];

export const PART_KEYS = MATTER_PARTS.map((p) => p.key);

export const MATTER_FORM: FormDef = { sections: MATTER_SECTIONS, parts: MATTER_PARTS };

export type MatterForm = RecordForm;

/** The stored version as a form: every row comes from its own index. */
export const matterToForm = (payload: Payload): MatterForm => recordToForm(MATTER_FORM, payload);

/**
 * A form post over the stored version: shown fields are replaced by what was posted (empty = removed), rows
 * ticked "删除" and rows left entirely empty are dropped, and fields the form does not show are kept.
 */
export const formToMatter = (body: Payload, base: Payload, isNew: boolean): MatterForm =>
  formToRecord(MATTER_FORM, body, base, isNew ? ['code', 'departmentCode'] : []);
