import fc from 'fast-check';
import { filterExpression, filterSql, homophoneRequest, mainRequest, mergeByScore, quote } from './search-query';

/** Reads one Meilisearch double-quoted literal starting at s[0]; returns its value and the rest. */
function readLiteral(s: string): { value: string; rest: string } {
  expect(s[0]).toBe('"');
  let value = '';
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') value += s[++i];
    else if (s[i] === '"') return { value, rest: s.slice(i + 1) };
    else value += s[i];
  }
  throw new Error(`unterminated literal: ${s}`);
}

describe('filter expressions', () => {
  it('quotes any string into exactly one literal that reads back as the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const { value, rest } = readLiteral(quote(s));
        expect(value).toBe(s);
        expect(rest).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a filter value escape its literal, whatever the value', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (department, theme) => {
        const parts = filterExpression({ department, theme });
        expect(parts).toHaveLength(2);
        const [d, t] = parts;
        expect(d.startsWith('departmentCode = ')).toBe(true);
        expect(readLiteral(d.slice('departmentCode = '.length))).toEqual({ value: department, rest: '' });
        expect(readLiteral(t.slice('themes = '.length))).toEqual({ value: theme, rest: '' });
      }),
    );
  });

  it('only uses allow-listed attributes and writes booleans bare', () => {
    expect(filterExpression({ nearby: true, online: false, kind: 'matter', object: 'personal' })).toEqual([
      'objects = "personal"',
      'nearby = true',
      'online = false',
      'kind = "matter"',
    ]);
    expect(filterExpression({ ['evil = 1 OR x' as 'kind']: 'y' } as never)).toEqual([]);
  });
});

describe('search requests', () => {
  const q = { raw: '身分证', text: '身分证', syllables: ['shen', 'fen', 'zheng'] };
  const strong = { hits: [{ _rankingScore: 0.95 }] };

  it('sends the main query with facets and highlights', () => {
    expect(mainRequest('idx', q, {}, 10, true)).toMatchObject({
      indexUid: 'idx',
      q: '身分证',
      limit: 10,
      facets: expect.any(Array),
      matchingStrategy: 'frequency',
    });
  });

  it('adds a homophone query on the pinyin field only when the main query matches weakly', () => {
    expect(homophoneRequest('idx', q, {}, 10, { hits: [{ _rankingScore: 0.5 }] })).toMatchObject({ q: 'shen fen zheng', attributesToSearchOn: ['py'] });
    expect(homophoneRequest('idx', q, {}, 10, { hits: [] })).not.toBeNull();
    expect(homophoneRequest('idx', q, {}, 10, strong)).toBeNull();
    // a weak main query whose results already hold the words as typed: the characters were right
    expect(homophoneRequest('idx', q, {}, 10, { hits: [{ _rankingScore: 0.5 }] }, true)).toBeNull();
  });

  it('never sends a homophone query for latin input or an empty query', () => {
    expect(homophoneRequest('idx', { raw: 'sfz', text: 'sfz', syllables: null }, {}, 10, { hits: [] })).toBeNull();
    expect(homophoneRequest('idx', { raw: '', text: '', syllables: null }, { kind: 'matter' }, 10, { hits: [] })).toBeNull();
  });

  it('merges lists by weighted score, keeping each document once at its best', () => {
    const merged = mergeByScore([
      {
        hits: [
          { id: 'a', _rankingScore: 0.9 },
          { id: 'b', _rankingScore: 0.5 },
        ],
        weight: 1,
      },
      {
        hits: [
          { id: 'b', _rankingScore: 1 },
          { id: 'c', _rankingScore: 0.7 },
        ],
        weight: 0.6,
      },
    ]);
    expect(merged.map((h) => [h.id, Number(h.score.toFixed(2))])).toEqual([
      ['a', 0.9],
      ['b', 0.6],
      ['c', 0.42],
    ]);
  });
});

describe('one filter definition for the index and the degraded SQL', () => {
  it('turns every filter into both a Meilisearch expression and a bound SQL condition', () => {
    const filters = {
      department: 'D1',
      type: '01',
      object: 'personal',
      theme: '婚姻登记',
      lifeStage: '出生',
      nearby: true,
      online: false,
      kind: 'matter' as const,
    };
    const params: unknown[] = [];
    const sql = filterSql(filters, (v) => `$${params.push(v)}`);
    expect(filterExpression(filters)).toHaveLength(Object.keys(filters).length);
    expect(sql).toHaveLength(Object.keys(filters).length);
    expect(sql.join(' ')).toContain('m.personal_themes');
    // the theme label becomes its codes; no value is ever inlined into the SQL text
    expect(params).toContainEqual(['060']);
    expect(sql.join(' ')).not.toContain('婚姻登记');
  });

  it('keeps the degraded search to matters', () => {
    expect(filterSql({ kind: 'guide' }, () => '$1')).toEqual(['false']);
  });
});
