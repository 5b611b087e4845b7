import { BULK_BACKLOG_ROWS, indexComplete } from './index-readiness';

const count = (n: number) => () => Promise.resolve(n);

describe('indexComplete (readiness of the search index)', () => {
  it('is complete when nothing bulk is waiting and the index holds documents', async () => {
    expect(await indexComplete({ rows: 3, oldestSeconds: 0 }, count(900), count(900))).toBe(true);
  });

  it('is not complete while a bulk load waits to be indexed (2,684 rows after a first start)', async () => {
    expect(await indexComplete({ rows: 2684, oldestSeconds: 4 }, count(120), count(968))).toBe(false);
    expect(await indexComplete({ rows: BULK_BACKLOG_ROWS + 1, oldestSeconds: 0 }, count(900), count(900))).toBe(false);
  });

  it('is not complete while a stuck row waits, nor while an empty index is refilled', async () => {
    expect(await indexComplete({ rows: 1, oldestSeconds: 600 }, count(900), count(900))).toBe(false);
    expect(await indexComplete({ rows: 0, oldestSeconds: 0 }, count(0), count(968))).toBe(false);
    expect(await indexComplete({ rows: 0, oldestSeconds: 0 }, count(0), count(0))).toBe(true);
  });
});
