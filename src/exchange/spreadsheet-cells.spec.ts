import fc from 'fast-check';
import { csvField, neutralise, restore } from './spreadsheet-cells';

describe('spreadsheet cells', () => {
  it('neutralises formulas', () => {
    for (const f of ['=1+1', '+SUM(A1)', '-2', '@cmd', '\t=x']) expect(neutralise(f).startsWith("'")).toBe(true);
    expect(neutralise('居民身份证申领')).toBe('居民身份证申领');
  });

  it('restore undoes neutralise for any text', () => {
    fc.assert(fc.property(fc.string(), (s) => expect(restore(neutralise(s))).toBe(s)));
    for (const s of ["'=x", "''+1", "'居民"]) expect(restore(neutralise(s))).toBe(s);
    expect(neutralise("'=x")).toBe("''=x");
  });

  it('quotes CSV fields so that any text reads back as one field', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const field = csvField(s);
        const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        expect(unquoted).toBe(neutralise(s));
        if (/[",\r\n]/.test(unquoted)) expect(field.startsWith('"') && field.endsWith('"')).toBe(true);
      }),
    );
  });

  it('joins lists and encodes objects', () => {
    expect(csvField(['身份证', '户口簿'])).toBe('身份证；户口簿');
    expect(csvField({ value: 5, unit: '工作日' })).toBe('"{""value"":5,""unit"":""工作日""}"');
  });
});
