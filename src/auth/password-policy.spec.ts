import fc from 'fast-check';
import { generatePassword, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts 12+ characters of 3 classes', () => {
    expect(passwordProblems('Banshi-2026-ok', 'zhangsan')).toEqual([]);
    expect(passwordProblems('abcdefgh1234!', 'zhangsan')).toEqual([]);
  });

  it('names every rule a password breaks', () => {
    expect(passwordProblems('Short1!', 'x')).toEqual(['至少 12 个字符']);
    expect(passwordProblems('alllowercaseletters', 'x')).toEqual(['须包含小写字母、大写字母、数字、符号中的至少 3 类']);
    expect(passwordProblems('Zhangsan-2026!', 'zhangsan')).toEqual(['不能包含登录名']);
    expect(passwordProblems('a'.repeat(129) + 'A1', 'x')).toContain('最多 128 个字符');
  });

  it('generates passwords that satisfy the policy and differ', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), () => passwordProblems(generatePassword(), 'admin').length === 0));
    expect(generatePassword()).not.toEqual(generatePassword());
  });
});
