import type { FieldProblem } from '../common/validation';
import type { ExchangeBundleDto, ExchangeGuideDto, ExchangeMatterDto } from '../exchange/exchange.dto';

/**
 * Completeness before publishing (issue 12): what a record must say before it is submitted or published, so a
 * citizen can act on it — what to bring, where (or online) to go, how long it takes, whom to call and where to
 * complain (spec/domain.md §4 marks these required on a published matter; §5 for guide entries). Drafts may stay
 * incomplete. The one place these rules live: the API's submit and publish, the staff import with submit, and
 * the operations import (as warnings) and the staff console (through the API's services) all call it. Each problem
 * names the field to fill in, in Chinese.
 */
export function completenessProblems(kind: 'matters' | 'guides' | 'bundles', record: object): FieldProblem[] {
  if (kind === 'matters') return matterCompleteness(record as ExchangeMatterDto);
  if (kind === 'guides') return guideCompleteness(record as ExchangeGuideDto);
  return bundleCompleteness(record as ExchangeBundleDto);
}

const ONLINE_FORMS = ['2', '3'];
const filled = (s: string | undefined | null) => typeof s === 'string' && s.trim() !== '';

export function matterCompleteness(m: ExchangeMatterDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!m.materials?.length && !m.noMaterialsRequired) {
    add('materials', '至少列出一项申请材料（群众要知道带什么），或标明“无需提交材料”（noMaterialsRequired）');
  }
  const online = m.handlingForms?.some((f) => ONLINE_FORMS.includes(f)) && (filled(m.onlineUrl) || filled(m.mobileUrl));
  if (!m.locations?.length && !online) add('locations', '至少填写一个办理地点，或网上办理方式（办理形式 2 或 3）及网办地址');
  if (typeof m.promisedLimit?.value !== 'number') add('promisedLimit.value', '必须填写承诺办结时限（即办件填 0）');
  if (m.onSiteVisits === undefined || m.onSiteVisits === null) add('onSiteVisits', '必须填写到办事现场次数（0 表示不用跑）');
  if (!filled(m.consult?.phone)) add('consult.phone', '必须填写咨询电话');
  if (!filled(m.complaint?.phone)) add('complaint.phone', '必须填写监督投诉电话');
  return problems;
}

export function guideCompleteness(g: ExchangeGuideDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (g.list === 'prohibited') {
    if (!g.prohibitedConduct?.length) add('prohibitedConduct', '违规禁办事项必须列出禁止的行为');
  } else if (!g.matterCode && !filled(g.contact?.phone) && !filled(g.place)) {
    add('contact.phone', '必须写明找谁办：关联事项、联系电话或办理地点至少填一项');
  }
  if (g.list === 'deferrable') {
    if (!g.deferrableMaterials?.length) add('deferrableMaterials', '容缺办理事项必须列出可容缺后补的材料');
    if (!filled(g.commitment)) add('commitment', '容缺办理事项必须写明需作出的承诺');
  }
  return problems;
}

/**
 * A "一件事" bundle (spec/domain.md §3: one bundle links several matters with shared materials and one flow) needs a
 * lead department that answers for the flow and at least two different matters — one matter is not a bundle. That
 * the member matters exist is the reference check's job (every import and save resolves matterCodes).
 */
export function bundleCompleteness(b: ExchangeBundleDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!filled(b.name)) add('name', '必须填写“一件事”的名称');
  if (!filled(b.departmentCode)) add('departmentCode', '必须填写牵头部门（群众找谁办这件事）');
  if (new Set(b.matterCodes ?? []).size < 2) add('matterCodes', '“一件事”至少关联两个不同的事项');
  return problems;
}
