import { completenessProblems } from './completeness';

describe('completeness before publishing', () => {
  const complete = {
    code: 'C-1',
    name: '事项',
    departmentCode: 'D',
    materials: [{ name: '居民身份证' }],
    locations: [{ locationCode: 'L' }],
    promisedLimit: { value: 0 },
    onSiteVisits: 1,
    consult: { phone: '0416-1234567' },
    complaint: { phone: '12345' },
  };
  const fields = (kind: 'matters' | 'guides' | 'bundles', r: object) => completenessProblems(kind, r).map((p) => p.field);

  it('a complete matter passes; an empty one lists every missing field', () => {
    expect(fields('matters', complete)).toEqual([]);
    expect(fields('matters', { code: 'C-2', name: '空' })).toEqual([
      'materials',
      'locations',
      'promisedLimit.value',
      'onSiteVisits',
      'consult.phone',
      'complaint.phone',
    ]);
  });

  it('a matter without materials is complete only when it says "无需提交材料"', () => {
    const { materials: _m, ...none } = complete;
    expect(fields('matters', none)).toEqual(['materials']);
    expect(fields('matters', { ...none, materials: [] })).toEqual(['materials']);
    expect(fields('matters', { ...none, noMaterialsRequired: false })).toEqual(['materials']);
    expect(fields('matters', { ...none, noMaterialsRequired: true })).toEqual([]);
  });

  it('an online channel replaces a place only with its address', () => {
    const { locations: _l, ...online } = complete;
    expect(fields('matters', { ...online, handlingForms: ['2'] })).toEqual(['locations']);
    expect(fields('matters', { ...online, handlingForms: ['2'], onlineUrl: 'https://x.example.com' })).toEqual([]);
    expect(fields('matters', { ...online, handlingForms: ['1'], onlineUrl: 'https://x.example.com' })).toEqual(['locations']);
  });

  it('blank phones count as missing; 0 days and 0 visits are answers', () => {
    expect(fields('matters', { ...complete, consult: { phone: '  ' } })).toEqual(['consult.phone']);
    expect(fields('matters', { ...complete, onSiteVisits: 0, promisedLimit: { value: 0 } })).toEqual([]);
  });

  it('guide entries say whom to go to; 违规禁办 and 容缺 entries what they are about', () => {
    expect(fields('guides', { list: 'compliance' })).toEqual(['contact.phone']);
    expect(fields('guides', { list: 'compliance', matterCode: 'M' })).toEqual([]);
    expect(fields('guides', { list: 'prohibited' })).toEqual(['prohibitedConduct']);
    expect(fields('guides', { list: 'deferrable', place: '大厅' })).toEqual(['deferrableMaterials', 'commitment']);
  });

  it('a 一件事 bundle names its lead department and links at least two different matters', () => {
    const bundle = { code: 'B-1', name: '新生儿出生“一件事”', departmentCode: 'BZ-WJ', matterCodes: ['M-1', 'M-2'] };
    expect(fields('bundles', bundle)).toEqual([]);
    expect(fields('bundles', { code: 'B-2', name: ' ' })).toEqual(['name', 'departmentCode', 'matterCodes']);
    expect(fields('bundles', { ...bundle, matterCodes: ['M-1', 'M-1'] })).toEqual(['matterCodes']);
    expect(fields('bundles', { ...bundle, departmentCode: undefined })).toEqual(['departmentCode']);
  });
});
