import { DEPARTMENT_KINDS, GUIDE_LISTS, LIFE_STAGES, LOCATION_LEVELS } from '../../code-lists/code-lists';
import { codeOptions, FormDef, listOptions } from './record-form';

/**
 * The forms of the other records the console edits, as data over record-form.ts: guide entries (办事不找关系指南)
 * and bundles (一件事) go through draft → submit → review like matters; departments and service places are the
 * system administrator's and are saved at once. Each shows every field of its exchange-format DTO.
 */
export const GUIDE_FORM: FormDef = {
  sections: [
    {
      title: '基本信息',
      fields: [
        { path: 'title', label: '标题', kind: 'text', required: true },
        { path: 'list', label: '所属清单', kind: 'select', options: codeOptions(GUIDE_LISTS), required: true },
        { path: 'matterCode', label: '对应事项编码', kind: 'text', hint: '填写后门户会在事项页显示本条目' },
        { path: 'conditions', label: '办理条件', kind: 'textarea' },
        { path: 'materials', label: '所需材料（每行一项）', kind: 'lines' },
        { path: 'steps', label: '办理步骤（每行一步）', kind: 'lines' },
        { path: 'timeLimit', label: '办理时限', kind: 'text' },
        { path: 'fees', label: '收费', kind: 'text' },
        { path: 'place', label: '办理地点', kind: 'text' },
        { path: 'hours', label: '办公时间', kind: 'text' },
      ],
    },
    {
      title: '联系人',
      fields: [
        { path: 'contact.window', label: '窗口', kind: 'text' },
        { path: 'contact.post', label: '岗位', kind: 'text' },
        { path: 'contact.person', label: '联系人', kind: 'text' },
        { path: 'contact.phone', label: '联系电话', kind: 'tel' },
      ],
    },
    {
      title: '违规禁办与容缺办理',
      fields: [
        { path: 'prohibitedConduct', label: '禁止的行为（违规禁办清单，每行一项）', kind: 'lines' },
        { path: 'deferrableMaterials', label: '可容缺后补的材料（容缺办理清单，每行一项）', kind: 'lines' },
        { path: 'commitment', label: '需作出的承诺（容缺办理清单）', kind: 'textarea' },
      ],
    },
    {
      title: '其他',
      fields: [
        { path: 'qrUrl', label: '二维码链接', kind: 'url' },
        { path: 'handbookPage', label: '纸质手册页码', kind: 'int' },
      ],
    },
  ],
  parts: [
    {
      key: 'complaintChannels',
      label: '投诉渠道',
      item: '渠道',
      fields: [
        { key: 'name', label: '渠道名称', kind: 'text', required: true },
        { key: 'phone', label: '电话', kind: 'text', required: true },
      ],
    },
  ],
};

export const BUNDLE_FORM: FormDef = {
  sections: [
    {
      title: '基本信息',
      fields: [
        { path: 'name', label: '名称', kind: 'text', required: true },
        { path: 'description', label: '说明', kind: 'textarea' },
        { path: 'lifeStages', label: '人生阶段 / 企业阶段', kind: 'codes', options: listOptions(LIFE_STAGES) },
        { path: 'matterCodes', label: '包含的事项编码（每行一个，按办理顺序）', kind: 'lines' },
        { path: 'sharedMaterials', label: '共用材料（只交一次，每行一项）', kind: 'lines' },
      ],
    },
  ],
  parts: [],
};

export const DEPARTMENT_FORM: FormDef = {
  sections: [
    {
      title: '部门',
      fields: [
        { path: 'name', label: '名称', kind: 'text', required: true },
        { path: 'shortName', label: '简称', kind: 'text' },
        { path: 'aliases', label: '别名（每行一个）', kind: 'lines' },
        { path: 'kind', label: '类别', kind: 'select', options: listOptions(DEPARTMENT_KINDS) },
        { path: 'parentCode', label: '上级部门编码', kind: 'text' },
        { path: 'uscc', label: '统一社会信用代码', kind: 'text' },
        { path: 'regionCode', label: '行政区划代码', kind: 'text' },
        { path: 'inCentre', label: '进驻政务服务中心', kind: 'checkbox' },
        { path: 'centreWindows', label: '进驻窗口', kind: 'text' },
        { path: 'phone', label: '电话', kind: 'tel' },
        { path: 'complaintPhone', label: '投诉电话', kind: 'tel' },
        { path: 'address', label: '地址', kind: 'text' },
      ],
    },
  ],
  parts: [],
};

export const LOCATION_FORM: FormDef = {
  sections: [
    {
      title: '服务场所',
      fields: [
        { path: 'name', label: '名称', kind: 'text', required: true },
        { path: 'level', label: '层级', kind: 'select', options: listOptions(LOCATION_LEVELS), required: true },
        { path: 'departmentCode', label: '主办单位（部门编码）', kind: 'text' },
        { path: 'parentCode', label: '上级场所编码', kind: 'text' },
        { path: 'regionCode', label: '行政区划代码', kind: 'text' },
        { path: 'address', label: '地址', kind: 'text' },
        { path: 'hours', label: '办公时间', kind: 'text' },
        { path: 'phone', label: '电话', kind: 'tel' },
        { path: 'lat', label: '纬度', kind: 'number' },
        { path: 'lng', label: '经度', kind: 'number' },
        { path: 'windows', label: '窗口（每行一个）', kind: 'lines' },
      ],
    },
  ],
  parts: [],
};
