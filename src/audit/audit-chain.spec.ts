import { AuditFields, auditHash, canonicalJson, verifyChain } from './audit-chain';

const KEY = 'k'.repeat(32);
const fields = (n: number): AuditFields => ({
  at: new Date(Date.UTC(2026, 10, 28, 8, 0, n)),
  actorId: null,
  actorLogin: 'editor1',
  actorRole: 'editor',
  ip: '10.0.0.1',
  requestId: `r${n}`,
  action: 'matter.update',
  objectType: 'matters',
  objectId: `M${n}`,
  result: 'success',
  details: { b: 1, a: [n] },
});

function chain(n: number) {
  const out: (AuditFields & { id: string; prevHash: string | null; hash: string })[] = [];
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    const f = fields(i);
    const hash = auditHash(KEY, prev, f);
    out.push({ ...f, id: String(i + 1), prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }));
  });

  it('an intact chain verifies', () => {
    expect(verifyChain(KEY, chain(5), undefined).problems).toEqual([]);
  });

  it('finds a changed record, a removed record and a wrong key', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2], actorLogin: 'someone-else' };
    expect(verifyChain(KEY, changed, undefined).problems.map((p) => p.id)).toEqual(['3']);

    const removed = chain(5);
    removed.splice(2, 1);
    expect(verifyChain(KEY, removed, undefined).problems.map((p) => p.id)).toEqual(['4']);

    expect(verifyChain('x'.repeat(32), chain(2), undefined).problems).toHaveLength(2);
  });

  it('continues across batches', () => {
    const all = chain(6);
    const first = verifyChain(KEY, all.slice(0, 3), undefined);
    expect(verifyChain(KEY, all.slice(3), first.last).problems).toEqual([]);
    expect(verifyChain(KEY, all.slice(4), first.last).problems.map((p) => p.id)).toEqual(['5']);
  });
});
