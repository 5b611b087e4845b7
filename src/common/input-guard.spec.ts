import fc from 'fast-check';
import { findBadInput, MAX_DEPTH } from './input-guard';

describe('findBadInput', () => {
  it('passes ordinary records, including Chinese text and emoji', () => {
    expect(findBadInput({ name: '居民身份证申领 🪪', materials: [{ name: '户口簿', copies: 1 }], ok: true, n: null })).toBeNull();
  });

  it('names the field of NUL characters and unpaired surrogates', () => {
    expect(findBadInput({ login: 'a\u0000b' })).toEqual({ field: 'login', message: expect.stringContaining('无效字符') });
    expect(findBadInput({ materials: [{ name: 'x\ud800' }] })?.field).toBe('materials[0].name');
    expect(findBadInput({ a: '\udc00y' })?.field).toBe('a');
  });

  it('refuses prototype-like keys anywhere', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'valueOf', '__lookupGetter__', 'hasOwnProperty']) {
      expect(findBadInput(JSON.parse(`{"contact": {"${key}": {"x": 1}}}`))).toEqual({ field: `contact.${key}`, message: '不允许的字段' });
    }
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadInput({ consult: deep })?.message).toMatch(/嵌套层级过深/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH - 1; i++) ok = [ok];
    expect(findBadInput(ok)).toBeNull();
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        findBadInput(v);
        return true;
      }),
    );
  });
});
