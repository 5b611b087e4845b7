import type { FieldProblem } from './validation';

/** Deeper than any real record (a matter nests 3 levels); deeper input is refused before validation recurses into it. */
export const MAX_DEPTH = 32;

/** Key names that are never fields: they would land on, or be mistaken for, Object.prototype members. */
const isForbiddenKey = (key: string) => key === 'prototype' || key in Object.prototype;
/** NUL (Postgres cannot store it) and unpaired UTF-16 surrogates (not valid Unicode text). */
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first problem in parsed input (JSON body or query) that validation would not report well: nesting too deep
 * for the validator's recursion, keys such as `__proto__` or `constructor` (which class-transformer would silently
 * drop instead of refusing), and text Postgres cannot store. Iterative, so hostile depth cannot overflow the stack.
 */
export function findBadInput(value: unknown): FieldProblem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_TEXT.test(v)) return { field: path, message: '包含无效字符（如 NUL 或不成对的代理字符）' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { field: path, message: `嵌套层级过深（最多 ${MAX_DEPTH} 层）` };
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    for (const [key, item] of entries) {
      const childPath = Array.isArray(v) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Array.isArray(v)) {
        if (isForbiddenKey(key)) return { field: childPath, message: '不允许的字段' };
        if (BAD_TEXT.test(key)) return { field: path || '(键)', message: '字段名包含无效字符' };
      }
      stack.push({ v: item, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
