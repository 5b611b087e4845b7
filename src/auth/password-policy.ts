import { randomInt } from 'node:crypto';

/**
 * The password rules an assessor expects at 等保 level 3: at least 12 characters from at least 3 of the 4
 * classes (lower case, upper case, digits, symbols), not containing the login name. Reuse of the last 3
 * passwords and the maximum age are checked by the accounts service (they need the stored hashes and policy).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_HISTORY = 3;

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/** Chinese descriptions of every rule the password breaks (empty = acceptable). */
export function passwordProblems(password: string, login: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`最多 ${PASSWORD_MAX_LENGTH} 个字符`);
  const classes = CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < 3) problems.push('须包含小写字母、大写字母、数字、符号中的至少 3 类');
  if (login && password.toLowerCase().includes(login.toLowerCase())) problems.push('不能包含登录名');
  return problems;
}

const ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+='];

/** A random one-time password of 20 characters that satisfies the policy (every class present). */
export function generatePassword(length = 20): string {
  const all = ALPHABETS.join('');
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
