import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BIDI_MESSAGE, Code, CodeList, flattenValidationErrors, Text, TextList } from './validation';

class Probe {
  @Text(100, false) name: string;
  @Code(true) code?: string;
  @CodeList() departmentCodes?: string[];
  @TextList() keywords?: string[];
}

const problems = (plain: object) => flattenValidationErrors(validateSync(plainToInstance(Probe, plain)));
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('text hygiene: bidirectional control characters', () => {
  it('accepts ordinary Chinese, Latin and mixed text', () => {
    expect(problems({ name: '北镇市公安局（Public Security）', code: 'BZ-GAJ', departmentCodes: ['BZ-GAJ'], keywords: ['身份证', 'ID card'] })).toEqual([]);
  });

  it.each(BIDI.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'refuses %s in names, codes and lists, naming the field',
    (_label, c) => {
      expect(problems({ name: `北镇市${c}公安局` })).toEqual([{ field: 'name', message: BIDI_MESSAGE }]);
      expect(problems({ name: '公安局', code: `BZ${c}1` })).toContainEqual({ field: 'code', message: BIDI_MESSAGE });
      expect(problems({ name: '公安局', departmentCodes: ['BZ', `X${c}`] })).toContainEqual({ field: 'departmentCodes', message: BIDI_MESSAGE });
      expect(problems({ name: '公安局', keywords: [`${c}词`] })).toEqual([{ field: 'keywords', message: BIDI_MESSAGE }]);
    },
  );
});
