import { attemptOrder, complete, NodeHealth, parseMeiliUrls, relaySuffix, rotation, withinBound } from './meili-nodes';

const bound = { maxLagChanges: 50, maxLagSeconds: 30 };
const good: NodeHealth = { up: true, filled: true, lagRows: 0, lagSeconds: 0 };

describe('Meilisearch node selection', () => {
  it('reads one URL as today and several separated by commas, in order', () => {
    expect(parseMeiliUrls('http://127.0.0.1:7700')).toEqual(['http://127.0.0.1:7700']);
    expect(parseMeiliUrls(' http://m1:7700 , http://m2:7700,')).toEqual(['http://m1:7700', 'http://m2:7700']);
  });

  it('keeps the first node on the cursor and lock names of a single node', () => {
    expect([0, 1, 2].map(relaySuffix)).toEqual(['', '#2', '#3']);
  });

  it('takes a node out of rotation when it is down, empty, or behind by more than the bound', () => {
    expect(withinBound(good, bound)).toBe(true);
    expect(withinBound({ ...good, up: false }, bound)).toBe(false);
    expect(withinBound({ ...good, filled: false }, bound)).toBe(false);
    expect(withinBound({ ...good, lagRows: 51 }, bound)).toBe(false);
    expect(withinBound({ ...good, lagSeconds: 31 }, bound)).toBe(false);
    expect(withinBound({ ...good, lagRows: null }, bound)).toBe(false);
    expect(rotation([good, { ...good, lagRows: 5000 }], bound)).toEqual([0]);
  });

  it('lets a lone lagging node answer rather than none (the single-node behaviour), and tries every node before giving up', () => {
    expect(rotation([{ ...good, lagRows: 5000 }], bound)).toEqual([0]);
    expect(
      rotation(
        [
          { ...good, up: false },
          { ...good, up: false },
        ],
        bound,
      ),
    ).toEqual([0, 1]);
    expect(attemptOrder([good, { ...good, up: false }, good], bound, 0)).toEqual([0, 2, 1]);
  });

  it('spreads requests round robin over the nodes in rotation', () => {
    const three = [good, good, good];
    expect([0, 1, 2, 3].map((t) => attemptOrder(three, bound, t)[0])).toEqual([0, 1, 2, 0]);
    expect(attemptOrder(three, bound, 1)).toEqual([1, 2, 0]);
  });

  it('calls a node complete only without a bulk load waiting (index-readiness.ts, per node)', () => {
    expect(complete(good)).toBe(true);
    expect(complete({ ...good, lagRows: 2684 })).toBe(false);
    expect(complete({ ...good, lagSeconds: 600 })).toBe(false);
    expect(complete({ ...good, filled: false })).toBe(false);
  });
});
