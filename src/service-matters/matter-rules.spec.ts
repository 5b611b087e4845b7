import type { ExchangeMatterDto } from '../exchange/exchange.dto';
import { matterQualityNotes, matterRuleProblems } from './matter-rules';

const base: ExchangeMatterDto = { code: 'M1', name: '居民身份证申领', departmentCode: 'D1', matterType: '07' };
const fields = (m: Partial<ExchangeMatterDto>) => matterRuleProblems({ ...base, ...m }).map((p) => p.field);

describe('matter cross-field rules', () => {
  it('accepts a minimal record', () => {
    expect(matterRuleProblems(base)).toEqual([]);
  });

  it('charged ⇒ fee items, each with a basis', () => {
    expect(fields({ charged: true })).toEqual(['fees']);
    expect(fields({ charged: true, fees: [{ name: '工本费', standard: '20元' }] })).toEqual(['fees[0].basis']);
    expect(fields({ charged: true, fees: [{ name: '工本费', standard: '20元', basis: '价费字〔2003〕' }] })).toEqual([]);
    expect(fields({ charged: false, fees: [{ name: '工本费', standard: '20元' }] })).toEqual(['fees']);
  });

  it('"无需提交材料" and a list of materials contradict each other', () => {
    expect(fields({ noMaterialsRequired: true, materials: [{ name: '居民身份证' }] })).toEqual(['noMaterialsRequired']);
    expect(fields({ noMaterialsRequired: true, materials: [] })).toEqual([]);
    expect(fields({ noMaterialsRequired: false, materials: [{ name: '居民身份证' }] })).toEqual([]);
  });

  it('visits > 0 ⇒ a reason', () => {
    expect(fields({ onSiteVisits: 1 })).toEqual(['onSiteReason']);
    expect(fields({ onSiteVisits: 1, onSiteReason: '现场采集人像' })).toEqual([]);
  });

  it('promised 0 ⇔ 即办件, promised ≤ legal in the same unit', () => {
    expect(fields({ promisedLimit: { value: 0 }, caseType: '2' })).toEqual(['caseType']);
    expect(fields({ promisedLimit: { value: 5 }, caseType: '1' })).toEqual(['promisedLimit.value']);
    expect(fields({ promisedLimit: { value: 30, unit: '工作日' }, legalLimit: { value: 20, unit: '工作日' } })).toEqual(['promisedLimit.value']);
    expect(fields({ promisedLimit: { value: 30, unit: '自然日' }, legalLimit: { value: 20, unit: '工作日' } })).toEqual([]);
  });

  it('consult phone ≠ complaint phone', () => {
    expect(fields({ consult: { phone: '0416-6612345' }, complaint: { phone: '0416 6612345' } })).toEqual(['complaint.phone']);
  });

  it('service objects agree with themes', () => {
    expect(fields({ serviceObjects: ['2'], personalThemes: ['010'] })).toEqual(['personalThemes']);
    expect(fields({ serviceObjects: ['1'], corporateThemes: ['005'] })).toEqual(['corporateThemes']);
    expect(fields({ serviceObjects: ['1', '5'], personalThemes: ['030'], corporateThemes: ['005'] })).toEqual([]);
  });

  it('national code shapes, dates and duplicate places', () => {
    expect(fields({ baseCode: 'short' })).toEqual(['baseCode']);
    expect(fields({ effectiveFrom: '2025-02-01', effectiveTo: '2025-01-01' })).toEqual(['effectiveTo']);
    expect(fields({ locations: [{ locationCode: 'L1' }, { locationCode: 'L1' }] })).toEqual(['locations[1].locationCode']);
  });

  it('notes a 行政许可 without FAQ without blocking it', () => {
    expect(matterQualityNotes({ ...base, matterType: '01' }).map((n) => n.field)).toEqual(['faqs']);
    expect(matterRuleProblems({ ...base, matterType: '01' })).toEqual([]);
  });
});
