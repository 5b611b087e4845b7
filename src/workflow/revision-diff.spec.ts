import { diffRecords } from './revision-diff';

describe('diffRecords', () => {
  it('reports nothing for equal records, whatever the key order', () => {
    expect(diffRecords({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports scalar changes, additions and removals with dotted paths', () => {
    expect(
      diffRecords(
        { name: '旧名', legalLimit: { value: 20, unit: 'workday' }, charged: false },
        { name: '新名', legalLimit: { value: 15, unit: 'workday' }, contactPhone: '0416-1234567' },
      ),
    ).toEqual([
      { field: 'charged', change: 'removed', before: false },
      { field: 'contactPhone', change: 'added', after: '0416-1234567' },
      { field: 'legalLimit.value', change: 'changed', before: 20, after: 15 },
      { field: 'name', change: 'changed', before: '旧名', after: '新名' },
    ]);
  });

  it('matches materials and fees by name, so reordering is not a change', () => {
    const before = {
      materials: [
        { name: '居民身份证', copies: 1 },
        { name: '户口簿', copies: 1 },
      ],
      fees: [{ name: '工本费', amount: 20 }],
    };
    const after = {
      materials: [
        { name: '户口簿', copies: 1 },
        { name: '居民身份证', copies: 2 },
        { name: '照片', copies: 2 },
      ],
      fees: [],
    };
    expect(diffRecords(before, after)).toEqual([
      { field: 'fees[工本费]', change: 'removed', before: { name: '工本费', amount: 20 } },
      { field: 'materials[居民身份证].copies', change: 'changed', before: 1, after: 2 },
      { field: 'materials[照片]', change: 'added', after: { name: '照片', copies: 2 } },
    ]);
  });

  it('treats lists of plain values as one field', () => {
    expect(diffRecords({ themes: ['a', 'b'] }, { themes: ['b', 'c'] })).toEqual([
      { field: 'themes', change: 'changed', before: ['a', 'b'], after: ['b', 'c'] },
    ]);
  });
});
