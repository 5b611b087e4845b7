import { CORPORATE_OBJECTS } from '../code-lists/code-lists';
import type { FieldProblem } from '../common/validation';
import type { ExchangeMatterDto } from '../exchange/exchange.dto';

/**
 * Cross-field rules of a service matter (spec/domain.md §4, from a provincial audit). Pure, so the importer,
 * the admin API and tests share it. Each problem names the field a clerk has to fix.
 */
export function matterRuleProblems(m: ExchangeMatterDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  // "无需提交材料" and a list of materials cannot both be true: a citizen would not know whether to bring them.
  if (m.noMaterialsRequired && m.materials?.length) add('noMaterialsRequired', '标明“无需提交材料”的事项不能同时列出申请材料（删除材料，或取消该标记）');
  if (m.charged) {
    if (!m.fees?.length) add('fees', '收费事项必须至少列出一个收费项目');
    else m.fees.forEach((f, i) => !f.basis?.trim() && add(`fees[${i}].basis`, '收费事项的每个收费项目都必须写明收费依据'));
  } else if (m.charged === false && m.fees?.length) {
    add('fees', '不收费事项不能列出收费项目');
  }
  if ((m.onSiteVisits ?? 0) > 0 && !m.onSiteReason?.trim()) add('onSiteReason', '到办事现场次数大于 0 时必须说明原因');

  const promised = m.promisedLimit?.value;
  if (promised === 0 && m.caseType !== undefined && m.caseType !== '1') add('caseType', '承诺办结时限为 0 的事项是即办件（办件类型 1）');
  if (m.caseType === '1' && promised !== undefined && promised !== null && promised > 0) {
    add('promisedLimit.value', '即办件的承诺办结时限应为 0');
  }
  const legal = m.legalLimit?.value;
  if (
    promised !== undefined &&
    promised !== null &&
    legal !== undefined &&
    legal !== null &&
    (m.promisedLimit?.unit ?? '工作日') === (m.legalLimit?.unit ?? '工作日') &&
    promised > legal
  ) {
    add('promisedLimit.value', `承诺办结时限（${promised}）不能超过法定办结时限（${legal}）`);
  }
  if (legal === null && !m.legalLimit?.note?.trim()) add('legalLimit.note', '无法定办结时限时必须在备注中说明');

  const consult = m.consult?.phone?.replace(/\D/g, '');
  const complaint = m.complaint?.phone?.replace(/\D/g, '');
  if (consult && complaint && consult === complaint) add('complaint.phone', '监督投诉电话不能与咨询电话相同');

  const objects = m.serviceObjects;
  if (objects?.length) {
    if (m.personalThemes?.length && !objects.includes('1')) add('personalThemes', '有自然人主题的事项，服务对象必须包含自然人（1）');
    if (m.corporateThemes?.length && !objects.some((o) => CORPORATE_OBJECTS.includes(o))) {
      add('corporateThemes', '有法人主题的事项，服务对象必须包含法人或其他组织（2、3、4、5、9）');
    }
  }
  if (m.effectiveFrom && m.effectiveTo && m.effectiveFrom > m.effectiveTo) add('effectiveTo', '失效日期不能早于生效日期');
  if (m.baseCode !== undefined && !/^[0-9A-Z]{12}$/.test(m.baseCode)) add('baseCode', '基本编码必须是 12 位数字或大写字母');
  if (m.nearbyLocationCodes?.length && m.nearby === false) add('nearby', '列出了就近办理点的事项必须标记为就近办');
  const seen = new Set<string>();
  m.locations?.forEach((l, i) => {
    if (seen.has(l.locationCode)) add(`locations[${i}].locationCode`, `办理地点“${l.locationCode}”重复`);
    seen.add(l.locationCode);
  });
  return problems;
}

/** Quality notes that do not block a record (e.g. the minimal 广安区 catalogue has none of these fields). */
export function matterQualityNotes(m: ExchangeMatterDto): FieldProblem[] {
  const notes: FieldProblem[] = [];
  if (m.matterType === '01' && !m.faqs?.length) notes.push({ field: 'faqs', message: '行政许可事项应至少有一条常见问题' });
  if (m.onSiteVisits === 0 && !m.handlingForms?.some((f) => f === '2' || f === '3') && m.express === false) {
    notes.push({ field: 'express', message: '零跑动且不能网办的事项应支持快递申请' });
  }
  return notes;
}
