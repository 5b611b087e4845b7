import { formToMatter, matterToForm } from './matter-form';

describe('matter form ↔ payload', () => {
  const stored = {
    code: 'M-1',
    departmentCode: 'D',
    name: '旧名称',
    matterType: '01',
    onlineUrl: 'https://x.gov.cn',
    nearbyLocationCodes: ['L-9'], // not on the form: kept
    materials: [
      { name: '居民身份证', copies: 1, fillNotes: '原件核验' },
      { name: '户口簿', copies: 1 },
    ],
  };

  it('keeps fields and item fields the form does not show; posted fields replace shown ones', () => {
    const { payload } = formToMatter(
      {
        name: '新名称',
        matterType: '01',
        'promisedLimit.value': '10',
        'promisedLimit.unit': '工作日',
        materials: [
          { _i: '0', name: '居民身份证', copies: '2' },
          { _i: '1', name: '户口簿', copies: '1' },
        ],
      },
      stored,
      false,
    );
    expect(payload).toMatchObject({
      code: 'M-1',
      departmentCode: 'D',
      name: '新名称',
      nearbyLocationCodes: ['L-9'],
      promisedLimit: { value: 10, unit: '工作日' },
    });
    expect(payload.onlineUrl).toBeUndefined(); // shown on the form and left empty = removed
    expect(payload.materials).toEqual([
      { name: '居民身份证', copies: 2, fillNotes: '原件核验' },
      { name: '户口簿', copies: 1 },
    ]);
  });

  it('drops rows ticked for removal and rows left empty; a moved row keeps its own hidden fields', () => {
    const { payload, origins } = formToMatter(
      {
        name: 'x',
        materials: { 0: { _i: '0', name: '居民身份证', _remove: 'on' }, 1: { _i: '1', name: '户口簿' }, 2: { _i: '', name: ' ' } },
      },
      stored,
      false,
    );
    expect(payload.materials).toEqual([{ name: '户口簿' }]);
    expect(origins.materials).toEqual([1]);
  });

  it('leaves bad numbers as text, so validation names them; ignores code and department on an existing record', () => {
    const { payload } = formToMatter(
      { code: 'OTHER', departmentCode: 'E', 'promisedLimit.value': '十天', materials: [{ name: 'a', copies: '1.5' }] },
      stored,
      false,
    );
    expect(payload).toMatchObject({ code: 'M-1', departmentCode: 'D', promisedLimit: { value: '十天' }, materials: [{ name: 'a', copies: '1.5' }] });
  });

  it('tampered shapes (arrays for text, objects for rows) do not throw and carry nothing', () => {
    expect(() => formToMatter({ name: ['a', 'b'], materials: 'x', serviceObjects: { a: 1 } }, {}, true)).not.toThrow();
    const { payload } = formToMatter({ name: ['a', 'b'], materials: 'x' }, {}, true);
    expect(payload.name).toBeUndefined();
    expect(payload.materials).toBeUndefined();
  });

  it('"本事项无需提交材料" is a checkbox: ticked sets the flag, unticked clears a stored one', () => {
    const ticked = formToMatter({ name: '旧名称', matterType: '01', noMaterialsRequired: 'on' }, { code: 'M-2', name: '旧名称' }, false);
    expect(ticked.payload.noMaterialsRequired).toBe(true);
    const cleared = formToMatter({ name: '旧名称', matterType: '01' }, { code: 'M-2', name: '旧名称', noMaterialsRequired: true }, false);
    expect(cleared.payload.noMaterialsRequired).toBe(false);
  });

  it('a stored record round-trips to a form with every row from its own index', () => {
    expect(matterToForm(stored).origins.materials).toEqual([0, 1]);
  });
});
