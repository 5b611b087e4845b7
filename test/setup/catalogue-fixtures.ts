import { Client } from 'pg';
import type { Response } from 'supertest';
import { as, Signed } from './staff';
import type { Banshi } from './test-app';

/**
 * Records, workflow set-up and database snapshots shared by the authorisation and fuzz tests.
 * Everything here goes through the HTTP API (as staff would); only the snapshots read Postgres directly.
 */

export type Kind = 'matters' | 'guides' | 'bundles';
export const TABLE: Record<Kind, string> = { matters: 'service_matters', guides: 'guide_entries', bundles: 'bundles' };
/** The audit action prefix and 404 code of each kind (src/exchange/catalogue-kinds.ts). */
export const AUDIT_NAME: Record<Kind, string> = { matters: 'matter', guides: 'guide', bundles: 'bundle' };

/** A valid matter (passes the DTO and the cross-field rules of matter-rules.ts). */
export const matterBody = (code: string, departmentCode: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `测试事项${code}`,
  departmentCode,
  matterType: '01',
  legalLimit: { value: 20, unit: '工作日' },
  promisedLimit: { value: 10, unit: '工作日' },
  materials: [{ name: '居民身份证', copies: 1 }],
  // complete enough to submit (src/service-matters/completeness.ts): where (online), how many visits, whom to call
  handlingForms: ['1', '2'],
  onlineUrl: 'https://zwfw.example.com/banshi',
  onSiteVisits: 1,
  onSiteReason: '现场核验身份',
  consult: { phone: '0416-1234567' },
  complaint: { phone: '12345' },
  ...extra,
});
export const guideBody = (code: string, departmentCode: string, extra: Record<string, unknown> = {}) => ({
  code,
  title: `测试指南${code}`,
  departmentCode,
  list: 'compliance',
  materials: ['居民身份证'],
  contact: { phone: '0416-1234567' },
  ...extra,
});
export const bundleBody = (code: string, departmentCode: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `测试一件事${code}`,
  departmentCode,
  description: '测试',
  ...extra,
});
export const BODY: Record<Kind, (code: string, dept: string, extra?: Record<string, unknown>) => Record<string, unknown>> = {
  matters: matterBody,
  guides: guideBody,
  bundles: bundleBody,
};

/** States a record can be prepared in (what each action needs). */
export type Prepared = 'none' | 'draft' | 'submitted' | 'published';

export interface PreparedRecord {
  kind: Kind;
  code: string;
  department: string;
  state: Prepared;
  /** Version of the open revision (draft/submitted). */
  revisionVersion?: number;
  /** Version of the catalogue row (published). */
  publishedVersion?: number;
}

const ok = (res: Response, status: number, what: string) => {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/** Brings a record into a state through the API: the department's editor drafts/submits, the reviewer publishes. */
export async function prepare(
  banshi: Banshi,
  editor: Signed,
  reviewer: Signed,
  kind: Kind,
  code: string,
  department: string,
  state: Prepared,
): Promise<PreparedRecord> {
  const base = `/api/v1/admin/${kind}`;
  const rec: PreparedRecord = { kind, code, department, state };
  if (state === 'none') return rec;
  // A bundle is complete (submittable) only with two published member matters (src/service-matters/completeness.ts).
  const extra = kind === 'bundles' ? { matterCodes: await bundleMembers(banshi, editor, reviewer, department) } : {};
  const d = ok(
    await as(banshi, editor)
      .post(base)
      .send(BODY[kind](code, department, extra)),
    201,
    `create ${kind} ${code}`,
  );
  rec.revisionVersion = d.body.version;
  if (state === 'draft') return rec;
  const s = ok(await as(banshi, editor).post(`${base}/${code}/submit`).set('if-match', String(d.body.version)), 200, `submit ${code}`);
  rec.revisionVersion = s.body.version;
  if (state === 'submitted') return rec;
  ok(await as(banshi, reviewer).post(`${base}/${code}/publish`).set('if-match', String(s.body.version)).send({}), 200, `publish ${code}`);
  const [row] = await banshi.sql<{ version: number }>(`SELECT version FROM ${TABLE[kind]} WHERE code = $1`, [code]);
  rec.publishedVersion = row.version;
  rec.revisionVersion = undefined;
  return rec;
}

/** Two published matters of a department for its bundles; made once per service and department (prepare runs in parallel). */
const members = new WeakMap<Banshi, Map<string, Promise<string[]>>>();
function bundleMembers(banshi: Banshi, editor: Signed, reviewer: Signed, department: string): Promise<string[]> {
  if (!members.has(banshi)) members.set(banshi, new Map());
  const byDepartment = members.get(banshi)!;
  if (!byDepartment.has(department)) {
    const codes = [`${department}-BM1`, `${department}-BM2`];
    byDepartment.set(
      department,
      Promise.all(codes.map((c) => prepare(banshi, editor, reviewer, 'matters', c, department, 'published'))).then(() => codes),
    );
  }
  return byDepartment.get(department)!;
}

/** Runs `jobs` with at most `width` at a time (set-up of many independent records). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

/**
 * One long-lived connection for before/after snapshots (banshi.sql opens a connection per query, which is too slow
 * for hundreds of comparisons).
 */
export class Db {
  private constructor(private readonly client: Client) {}

  static async connect(banshi: Banshi): Promise<Db> {
    const client = new Client({ connectionString: banshi.databaseUrl });
    await client.connect();
    return new Db(client);
  }

  async rows<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(text, params)).rows as T[];
  }

  async one<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T> {
    return (await this.rows<T>(text, params))[0];
  }

  close() {
    return this.client.end();
  }

  /** Everything a content write could change about one record, plus the global counters around it. */
  async recordSnapshot(kind: Kind, code: string) {
    return {
      revisions: await this.rows(
        `SELECT number, state, version, department_code, payload, return_reason, effective_from, effective_to, updated_at
           FROM revisions WHERE kind = $1 AND code = $2 ORDER BY number`,
        [kind, code],
      ),
      catalogue: await this.rows(`SELECT version, status, archive_reason, updated_at FROM ${TABLE[kind]} WHERE code = $1`, [code]),
      ...(await this.counters()),
    };
  }

  /** Global counters: the outbox feeding search, catalogue sizes, accounts, and the audit trail split by result. */
  async counters() {
    return this.one<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM revisions) AS revisions,
      (SELECT count(*)::int FROM service_matters) AS matters,
      (SELECT count(*)::int FROM guide_entries) AS guides,
      (SELECT count(*)::int FROM bundles) AS bundles,
      (SELECT count(*)::int FROM departments) AS departments,
      (SELECT count(*)::int FROM service_locations) AS locations,
      (SELECT count(*)::int FROM change_log) AS "changeLog",
      (SELECT count(*)::int FROM staff_accounts) AS accounts,
      (SELECT count(*)::int FROM search_synonyms) AS synonyms,
      (SELECT count(*)::int FROM search_best_bets) AS "bestBets",
      (SELECT count(*)::int FROM api_keys) AS "apiKeys",
      (SELECT count(*)::int FROM audit_log WHERE result <> 'denied') AS "auditNotDenied"`);
  }

  /**
   * A cheap fingerprint of every row a staff write could touch: counts plus version sums (a version is bumped on each
   * update) and the search knowledge. Equal fingerprints before and after = the request changed nothing.
   */
  async fingerprint() {
    return this.one<Record<string, string | number>>(`SELECT
      (SELECT count(*)::int FROM revisions) AS revisions,
      (SELECT COALESCE(sum(version), 0)::int FROM revisions) AS "revisionVersions",
      (SELECT count(*)::int FROM service_matters) AS matters,
      (SELECT COALESCE(sum(version), 0)::int FROM service_matters) AS "matterVersions",
      (SELECT count(*)::int FROM guide_entries) AS guides,
      (SELECT count(*)::int FROM bundles) AS bundles,
      (SELECT count(*)::int FROM departments) AS departments,
      (SELECT COALESCE(sum(version), 0)::int FROM departments) AS "departmentVersions",
      (SELECT count(*)::int FROM service_locations) AS locations,
      (SELECT COALESCE(sum(version), 0)::int FROM service_locations) AS "locationVersions",
      (SELECT count(*)::int FROM change_log) AS "changeLog",
      (SELECT count(*)::int FROM staff_accounts) AS accounts,
      (SELECT COALESCE(sum(version), 0)::int FROM staff_accounts) AS "accountVersions",
      (SELECT count(*)::int FROM staff_sessions WHERE revoked_at IS NULL) AS "liveSessions",
      (SELECT version FROM security_policy) AS "policyVersion",
      (SELECT count(*)::int FROM search_synonyms) AS synonyms,
      (SELECT COALESCE(max(updated_at)::text, '') FROM search_synonyms) AS "synonymsUpdated",
      (SELECT count(*)::int FROM search_best_bets) AS "bestBets",
      (SELECT count(*)::int FROM api_keys) AS "apiKeys",
      (SELECT count(*)::int FROM audit_log WHERE result = 'success') AS "auditSuccess"`);
  }

  /** The administrative state (accounts, policy, reference data, search knowledge) for non-content routes. */
  async adminSnapshot() {
    return {
      accounts: await this.rows(`SELECT id, login, display_name, role, department_codes, password_hash, must_change_password, disabled,
                                        totp_enabled, totp_secret, version FROM staff_accounts ORDER BY id`),
      policy: await this.rows(`SELECT * FROM security_policy`),
      departments: await this.rows(`SELECT code, name, version, status, archive_reason, updated_at FROM departments ORDER BY code`),
      locations: await this.rows(`SELECT code, name, version, status, archive_reason, updated_at FROM service_locations ORDER BY code`),
      synonyms: await this.rows(`SELECT * FROM search_synonyms ORDER BY id`),
      bestBets: await this.rows(`SELECT * FROM search_best_bets ORDER BY id`),
      apiKeys: await this.rows(`SELECT id, scopes, department_codes, revoked_at FROM api_keys ORDER BY id`),
      approvals: await this.rows(`SELECT id, status, decided_by, executed_at FROM account_approvals ORDER BY id`),
      ...(await this.counters()),
    };
  }

  async maxAuditId(): Promise<string> {
    return (await this.one<{ id: string }>(`SELECT COALESCE(max(id), 0)::text AS id FROM audit_log`)).id;
  }

  /** Audit records written after `afterId`. */
  async auditSince(afterId: string) {
    return this.rows<{ action: string; object_type: string | null; object_id: string | null; result: string; actor_login: string | null }>(
      `SELECT action, object_type, object_id, result, actor_login FROM audit_log WHERE id > $1 ORDER BY id`,
      [afterId],
    );
  }
}

/** True when a message is (at least partly) Chinese. */
export const chinese = (s: unknown) => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);
