import { ExchangeDocument } from '../../src/exchange/exchange.dto';
import { buildBundles } from './bundles';
import { buildDepartments } from './departments';
import { buildGuides } from './guides';
import { buildLocations } from './locations';
import { buildMatters } from './matters';

/**
 * Demonstration data for 北镇市 (辽宁省锦州市, 210782) in the Banshi exchange format, at the city's published scale:
 * 128 departments and units, 968 service matters of 32 in-centre departments (186 of 14 departments handled nearby),
 * and 1,528 entries of the 《办事不找关系指南》. Deterministic: every build returns the same document.
 */
export function buildBeizhenDemo(): ExchangeDocument {
  const departments = buildDepartments();
  const locations = buildLocations(departments.byKey);
  const matters = buildMatters(departments.byKey, locations);
  const guides = buildGuides(departments.ordered, locations, matters);
  const bundles = buildBundles(departments.byKey, matters);
  return {
    format: 'banshi-exchange',
    version: 1,
    region: { code: '210782', name: '辽宁省锦州市北镇市' },
    source:
      '根据北镇市公布的政务服务数据规模（32个进驻部门、968项政务服务事项、14个部门186项就近办事项、128个部门和单位编制的1528条《办事不找关系指南》）生成的演示数据；事项名称参照国家和辽宁省县级政务服务事项目录，编码、电话、地址和人员均为演示用虚构数据。',
    departments: departments.records,
    locations: locations.records,
    matters: matters.records,
    guides,
    bundles,
  };
}
