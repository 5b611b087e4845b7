import { createHmac } from 'node:crypto';

/** The fields of an audit record that its hash covers (everything but id, prevHash and hash). */
export interface AuditFields {
  at: Date;
  actorId: string | null;
  actorLogin: string | null;
  actorRole: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'denied' | 'failure';
  details: object | null;
}

/** JSON with object keys sorted at every level, so the text is the same before and after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** HMAC-SHA256 over the previous hash and the record: changing, inserting or removing a record breaks the chain. */
export function auditHash(key: string, prevHash: string | null, f: AuditFields): string {
  const text = canonicalJson([
    prevHash,
    f.at.toISOString(),
    f.actorId,
    f.actorLogin,
    f.actorRole,
    f.ip,
    f.requestId,
    f.action,
    f.objectType,
    f.objectId,
    f.result,
    f.details,
  ]);
  return createHmac('sha256', key).update(text).digest('hex');
}

export interface ChainProblem {
  id: string;
  problem: string;
}

/**
 * Checks a run of records in id order. `previous` is the hash of the record before the run (null at the start of
 * the trail: the first kept record's own prevHash is taken as the anchor, since expired records may be deleted).
 */
export function verifyChain(
  key: string,
  records: (AuditFields & { id: string; prevHash: string | null; hash: string })[],
  previous: string | null | undefined,
): { problems: ChainProblem[]; last: string | null | undefined } {
  const problems: ChainProblem[] = [];
  let last = previous;
  for (const r of records) {
    if (last !== undefined && r.prevHash !== last) problems.push({ id: r.id, problem: '与前一条记录的链接不符（记录被删除、插入或改动）' });
    if (auditHash(key, r.prevHash, r) !== r.hash) problems.push({ id: r.id, problem: '内容与哈希不符（记录被改动）' });
    last = r.hash;
  }
  return { problems, last };
}
