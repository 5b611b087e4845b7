import type { Response } from 'supertest';
import {
  ACCOUNT_ACTIONS,
  ACCOUNT_PERMISSIONS,
  AccountAction,
  allows,
  CONTENT_ACTIONS,
  CONTENT_PERMISSIONS,
  ContentAction,
  rolesFor,
} from '../src/auth/permission-matrix';
import { PRIVILEGED_ROLES, Role, ROLES } from '../src/auth/roles';
import { AUDIT_NAME, BODY, chinese, Db, guideBody, inBatches, Kind, matterBody, prepare, Prepared, PreparedRecord, TABLE } from './setup/catalogue-fixtures';
import { as, Signed, Staff } from './setup/staff';
import { Banshi, startBanshi } from './setup/test-app';

/**
 * Object-level authorisation (OWASP API1/API5, 等保 2.0 访问控制) proven cell by cell against the running service.
 *
 * The test is generated from CONTENT_PERMISSIONS: for every role × ownership (the editor's own department or another
 * one) × content action it prepares a record in the state the action needs, performs the action as that role and
 * checks the outcome the matrix predicts. A denial must be 403 (or 404 when the role may not even read the record —
 * indistinguishable from a record that does not exist), must change nothing (revisions, catalogue row, change log,
 * audit trail apart from the denial) and must leave exactly one `denied` audit record per attempt.
 *
 * The workflow routes are declared @Access('editor', 'reviewer'); other roles are refused by the guard (403,
 * audited as access.denied) before the service looks at any record.
 */
const WORKFLOW_AUDIENCE: readonly Role[] = ['editor', 'reviewer'];
const OWN = 'PM-A';
const OTHER = 'PM-B';
type Ownership = 'own' | 'other';
const deptOf = (o: Ownership) => (o === 'own' ? OWN : OTHER);
/** The departments each acting account holds (only editors are assigned departments). */
const departmentsOf = (role: Role): string[] => (role === 'editor' ? [OWN] : []);

type Outcome = 'allowed' | 403 | 404;

/** What the matrix (and the documented service semantics) predicts for one cell. */
function predicted(role: Role, action: ContentAction, owner: string): Outcome {
  if (allows(role, departmentsOf(role), action, owner)) return 'allowed';
  if (!WORKFLOW_AUDIENCE.includes(role)) return 403; // the guard, before any record is looked at
  if (action === 'create') return 403;
  return allows(role, departmentsOf(role), 'read', owner) ? 403 : 404;
}

interface Ctx {
  banshi: Banshi;
  rec: PreparedRecord;
}

/** For each action: the state its record must be in, and the request(s) that perform it. */
const ACTION: Record<ContentAction, { needs: Prepared; perform: (who: Signed, c: Ctx) => Promise<Response>[] }> = {
  read: { needs: 'draft', perform: (who, { banshi, rec }) => [as(banshi, who).get(`/api/v1/admin/${rec.kind}/${rec.code}`)] },
  create: {
    needs: 'none',
    perform: (who, { banshi, rec }) => [as(banshi, who).post(`/api/v1/admin/${rec.kind}`).send(BODY[rec.kind](rec.code, rec.department))],
  },
  update: {
    needs: 'published',
    perform: (who, { banshi, rec }) => [
      as(banshi, who)
        .put(`/api/v1/admin/${rec.kind}/${rec.code}/draft`)
        .set('if-match', String(rec.publishedVersion))
        .send(BODY[rec.kind](rec.code, rec.department, rec.kind === 'guides' ? { title: '改过的标题' } : { name: '改过的名称' })),
    ],
  },
  discard: {
    needs: 'draft',
    perform: (who, { banshi, rec }) => [as(banshi, who).delete(`/api/v1/admin/${rec.kind}/${rec.code}/draft`).set('if-match', String(rec.revisionVersion))],
  },
  submit: {
    needs: 'draft',
    perform: (who, { banshi, rec }) => [as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/submit`).set('if-match', String(rec.revisionVersion))],
  },
  withdraw: {
    needs: 'submitted',
    perform: (who, { banshi, rec }) => [as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/withdraw`).set('if-match', String(rec.revisionVersion))],
  },
  publish: {
    needs: 'submitted',
    perform: (who, { banshi, rec }) => [
      as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/publish`).set('if-match', String(rec.revisionVersion)).send({}),
    ],
  },
  return: {
    needs: 'submitted',
    perform: (who, { banshi, rec }) => [
      as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/return`).set('if-match', String(rec.revisionVersion)).send({ reason: '材料不全' }),
    ],
  },
  archive: {
    needs: 'published',
    perform: (who, { banshi, rec }) => [
      as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/archive`).set('if-match', String(rec.publishedVersion)).send({ reason: '事项已取消' }),
    ],
  },
  restore: {
    needs: 'published',
    perform: (who, { banshi, rec }) => [as(banshi, who).post(`/api/v1/admin/${rec.kind}/${rec.code}/restore`).send({ number: 1 })],
  },
  // history covers both routes guarded by the 'history' action: the version list and the field diff
  history: {
    needs: 'published',
    perform: (who, { banshi, rec }) => [
      as(banshi, who).get(`/api/v1/admin/${rec.kind}/${rec.code}/history`),
      as(banshi, who).get(`/api/v1/admin/${rec.kind}/${rec.code}/diff?from=1&to=1`),
    ],
  },
};

/** Actions whose success writes an audit record (reads do not). */
const AUDITED_ON_SUCCESS: readonly ContentAction[] = ['create', 'update', 'discard', 'submit', 'withdraw', 'publish', 'return', 'archive', 'restore'];

interface Cell {
  kind: Kind;
  role: Role;
  ownership: Ownership;
  action: ContentAction;
  code: string;
  outcome: Outcome;
}

const WRITE_ACTIONS: readonly ContentAction[] = ['create', 'update', 'submit', 'publish'];
const KIND_ACTIONS: Record<Kind, readonly ContentAction[]> = { matters: CONTENT_ACTIONS, guides: WRITE_ACTIONS, bundles: WRITE_ACTIONS };
const KIND_TAG: Record<Kind, string> = { matters: 'M', guides: 'G', bundles: 'B' };

const CELLS: Cell[] = [];
for (const kind of Object.keys(KIND_ACTIONS) as Kind[]) {
  for (const role of ROLES) {
    for (const ownership of ['own', 'other'] as const) {
      for (const action of KIND_ACTIONS[kind]) {
        const code = `PM-${KIND_TAG[kind]}-${role}-${ownership}-${action}`;
        CELLS.push({ kind, role, ownership, action, code, outcome: predicted(role, action, deptOf(ownership)) });
      }
    }
  }
}

describe('permission matrix: every role × ownership × content action against the running service', () => {
  let banshi: Banshi;
  let db: Db;
  let staff: Staff;
  const who = {} as Record<Role, Signed>;
  const editors = {} as Record<string, Signed>;
  let reviewer: Signed;
  const prepared = new Map<string, PreparedRecord>();
  const notFoundMessage = {} as Record<Kind, string>;

  beforeAll(async () => {
    banshi = await startBanshi();
    db = await Db.connect(banshi);
    staff = await Staff.bootstrap(banshi);
    for (const code of [OWN, OTHER]) {
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/departments')
        .send({ code, name: `部门${code}` })
        .expect(201);
    }
    editors[OWN] = await staff.create('editor.a', 'editor', [OWN]);
    editors[OTHER] = await staff.create('editor.b', 'editor', [OTHER]);
    reviewer = await staff.create('reviewer', 'reviewer');
    Object.assign(who, { sysadmin: staff.sysadmin, secadmin: staff.secadmin, auditor: staff.auditor, reviewer, editor: editors[OWN] });

    // every cell gets its own record, prepared up front (in parallel) by that department's editor and the reviewer
    const recs = await inBatches(
      CELLS.map((c) => () => prepare(banshi, editors[deptOf(c.ownership)], reviewer, c.kind, c.code, deptOf(c.ownership), ACTION[c.action].needs)),
    );
    for (const r of recs) prepared.set(`${r.kind}:${r.code}`, r);
    for (const kind of Object.keys(TABLE) as Kind[]) {
      notFoundMessage[kind] = (await as(banshi, reviewer).get(`/api/v1/admin/${kind}/PM-NEVER-EXISTED`).expect(404)).body.message;
    }
  });
  afterAll(async () => {
    await db?.close();
    await banshi?.close();
  });

  it('covers every role and every action of the matrix', () => {
    expect(new Set(CELLS.map((c) => c.role))).toEqual(new Set(ROLES));
    expect(new Set(CELLS.filter((c) => c.kind === 'matters').map((c) => c.action))).toEqual(new Set(CONTENT_ACTIONS));
    expect(Object.keys(CONTENT_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    // the matrix keeps its shape: some cells allowed, some denied either way
    expect(CELLS.some((c) => c.outcome === 'allowed')).toBe(true);
    expect(CELLS.some((c) => c.outcome === 404)).toBe(true);
  });

  it.each(CELLS.map((c) => [`${c.kind} ${c.role} ${c.ownership} ${c.action} → ${c.outcome === 'allowed' ? '2xx' : c.outcome}`, c] as const))(
    '%s',
    async (_name, cell) => {
      const rec = prepared.get(`${cell.kind}:${cell.code}`)!;
      const actor = who[cell.role];
      const before = await db.recordSnapshot(cell.kind, cell.code);
      const auditMark = await db.maxAuditId();

      const responses = await Promise.all(ACTION[cell.action].perform(actor, { banshi, rec }).map((p) => p));
      const written = await db.auditSince(auditMark);

      if (cell.outcome === 'allowed') {
        for (const res of responses) expect2xx(res);
        if (cell.action === 'read') expect(responses[0].body).toMatchObject({ code: cell.code, departmentCode: rec.department });
        if (AUDITED_ON_SUCCESS.includes(cell.action)) {
          expect(written).toContainEqual(
            expect.objectContaining({
              action: `${AUDIT_NAME[cell.kind]}.${cell.action}`,
              object_id: cell.code,
              result: 'success',
              actor_login: actor.login,
            }),
          );
        }
        expect(written.filter((w) => w.result === 'denied')).toEqual([]);
        return;
      }

      for (const res of responses) {
        expect(res.status).toBe(cell.outcome);
        expect(res.body).toMatchObject({
          statusCode: cell.outcome,
          code: cell.outcome === 404 ? `${AUDIT_NAME[cell.kind].toUpperCase()}_NOT_FOUND` : 'FORBIDDEN',
        });
        expect(chinese(res.body.message)).toBe(true);
        // a 404 says exactly what a record that never existed says
        if (cell.outcome === 404) expect(res.body.message).toBe(notFoundMessage[cell.kind]);
      }
      expect(await db.recordSnapshot(cell.kind, cell.code)).toEqual(before);
      // one denial record per attempt, and nothing else
      const guard = !WORKFLOW_AUDIENCE.includes(cell.role);
      expect(written).toHaveLength(responses.length);
      for (const w of written) {
        expect(w).toMatchObject(
          guard
            ? { action: 'access.denied', object_type: 'route', result: 'denied', actor_login: actor.login }
            : { action: `${AUDIT_NAME[cell.kind]}.${cell.action}`, object_type: cell.kind, object_id: cell.code, result: 'denied', actor_login: actor.login },
        );
      }
    },
  );

  describe('nested and indirect paths', () => {
    const editorA = () => editors[OWN];

    async function expectUnchanged(kind: Kind, code: string, run: () => Promise<Response>, status: number, code2?: string) {
      const before = await db.recordSnapshot(kind, code);
      const res = await run();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code: code2 ?? expect.any(String) });
      expect(chinese(res.body.message)).toBe(true);
      expect(await db.recordSnapshot(kind, code)).toEqual(before);
      return res;
    }

    it("an editor of A cannot create a guide entry whose departmentCode is B (even about A's own matter)", async () => {
      await prepare(banshi, editorA(), reviewer, 'matters', 'PM-N-OWNMATTER', OWN, 'published');
      const mark = await db.maxAuditId();
      await expectUnchanged(
        'guides',
        'PM-N-G1',
        () =>
          as(banshi, editorA())
            .post('/api/v1/admin/guides')
            .send(guideBody('PM-N-G1', OTHER, { matterCode: 'PM-N-OWNMATTER' })),
        403,
        'FORBIDDEN',
      );
      expect(await db.auditSince(mark)).toEqual([expect.objectContaining({ action: 'guide.create', object_id: 'PM-N-G1', result: 'denied' })]);
    });

    it('an editor of A cannot create a matter in B even if the code looks like theirs', async () => {
      await expectUnchanged(
        'matters',
        `${OWN}-0001`,
        () =>
          as(banshi, editorA())
            .post('/api/v1/admin/matters')
            .send(matterBody(`${OWN}-0001`, OTHER)),
        403,
        'FORBIDDEN',
      );
      await expectUnchanged(
        'matters',
        'PM-N-LOWER',
        () => as(banshi, editorA()).post('/api/v1/admin/matters').send(matterBody('PM-N-LOWER', OTHER.toLowerCase())),
        403,
        'FORBIDDEN',
      );
    });

    it('an editor of A cannot move their own record to B (PUT draft → 400 DEPARTMENT_IMMUTABLE), published or draft', async () => {
      const pub = await prepare(banshi, editorA(), reviewer, 'matters', 'PM-N-MOVE1', OWN, 'published');
      await expectUnchanged(
        'matters',
        pub.code,
        () =>
          as(banshi, editorA()).put(`/api/v1/admin/matters/${pub.code}/draft`).set('if-match', String(pub.publishedVersion)).send(matterBody(pub.code, OTHER)),
        400,
        'DEPARTMENT_IMMUTABLE',
      );
      const draft = await prepare(banshi, editorA(), reviewer, 'guides', 'PM-N-MOVE2', OWN, 'draft');
      await expectUnchanged(
        'guides',
        draft.code,
        () =>
          as(banshi, editorA())
            .put(`/api/v1/admin/guides/${draft.code}/draft`)
            .set('if-match', String(draft.revisionVersion))
            .send(guideBody(draft.code, OTHER)),
        400,
        'DEPARTMENT_IMMUTABLE',
      );
    });

    it("an editor of A cannot take over B's record by claiming it for A (PUT draft with departmentCode A → 404)", async () => {
      const theirs = await prepare(banshi, editors[OTHER], reviewer, 'matters', 'PM-N-CLAIM', OTHER, 'published');
      await expectUnchanged(
        'matters',
        theirs.code,
        () =>
          as(banshi, editorA())
            .put(`/api/v1/admin/matters/${theirs.code}/draft`)
            .set('if-match', String(theirs.publishedVersion))
            .send(matterBody(theirs.code, OWN)),
        404,
        'MATTER_NOT_FOUND',
      );
      const draft = await prepare(banshi, editors[OTHER], reviewer, 'bundles', 'PM-N-CLAIM2', OTHER, 'draft');
      await expectUnchanged(
        'bundles',
        draft.code,
        () =>
          as(banshi, editorA())
            .put(`/api/v1/admin/bundles/${draft.code}/draft`)
            .set('if-match', String(draft.revisionVersion))
            .send(BODY.bundles(draft.code, OWN)),
        404,
        'BUNDLE_NOT_FOUND',
      );
    });

    it("lists show an editor only their departments' open revisions, whatever the filter", async () => {
      const mine = (await as(banshi, editorA()).get('/api/v1/admin/matters?limit=100').expect(200)).body;
      expect(mine.total).toBeGreaterThan(0);
      expect(mine.items.every((i: { departmentCode: string }) => i.departmentCode === OWN)).toBe(true);
      const filtered = (await as(banshi, editorA()).get(`/api/v1/admin/matters?departmentCode=${OTHER}&limit=100`).expect(200)).body;
      expect(filtered).toMatchObject({ total: 0, items: [] });
      const all = (await as(banshi, reviewer).get('/api/v1/admin/matters?limit=100').expect(200)).body;
      expect(new Set(all.items.map((i: { departmentCode: string }) => i.departmentCode))).toEqual(new Set([OWN, OTHER]));
      for (const admin of [staff.sysadmin, staff.secadmin, staff.auditor]) {
        for (const kind of Object.keys(TABLE)) await as(banshi, admin).get(`/api/v1/admin/${kind}`).expect(403);
      }
    });
  });

  describe('non-content routes: accounts, policy, audit, reference data, search knowledge', () => {
    interface AdminRoute {
      route: string;
      audience: readonly Role[];
      /** The account-matrix action the route belongs to (its audience is then rolesFor(action)). */
      action?: AccountAction;
      /** Makes a fresh target (before the snapshot); returns what the call needs. */
      setup?: (role: Role) => Promise<Record<string, string>>;
      call: (actor: Signed, t: Record<string, string>) => Promise<Response>;
    }
    let n = 0;
    const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
    let target: { id: string };
    const version = async (table: string, where: string, param: string) =>
      String((await db.one<{ version: number }>(`SELECT version FROM ${table} WHERE ${where} = $1`, [param])).version);
    const accountVersion = () => version('staff_accounts', 'id', target.id);
    const policyVersion = async () => String((await db.one<{ version: number }>(`SELECT version FROM security_policy`)).version);

    const newDepartment = async () => {
      const code = `PM-D-${uniq()}`;
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/departments')
        .send({ code, name: `部门${code}` })
        .expect(201);
      return { code };
    };
    const newLocation = async () => {
      const code = `PM-L-${uniq()}`;
      await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/service-locations')
        .send({ code, name: `场所${code}`, level: '市政务服务中心' })
        .expect(201);
      return { code };
    };
    const newSynonym = async () => {
      const r = await as(banshi, reviewer)
        .post('/api/v1/admin/search/synonyms')
        .send({ term: `词${uniq()}`, expansions: ['同义'] });
      if (r.status >= 300) throw new Error(`synonym: ${r.status} ${JSON.stringify(r.body)}`);
      return { id: r.body.id };
    };
    /** A fresh privileged account (a reviewer): the target of approval requests. */
    const newReviewer = async () => {
      const created = await as(banshi, staff.sysadmin)
        .post('/api/v1/admin/accounts')
        .send({ login: `pm.r.${uniq()}`, displayName: '审核员' })
        .expect(201);
      await as(banshi, staff.secadmin)
        .put(`/api/v1/admin/accounts/${created.body.account.id}/role`)
        .set('if-match', String(created.body.account.version))
        .send({ role: 'reviewer' })
        .expect(200);
      return { accountId: created.body.account.id as string };
    };
    const newRequest = async () => {
      const { accountId } = await newReviewer();
      const r = await as(banshi, staff.sysadmin).post('/api/v1/admin/approvals').send({ action: 'reset-password', accountId, reason: '测试' }).expect(201);
      return { id: r.body.id as string, accountId };
    };
    const newApproved = async () => {
      const t = await newRequest();
      await as(banshi, staff.secadmin).post(`/api/v1/admin/approvals/${t.id}/approve`).expect(200);
      return t;
    };
    const newKey = async () => {
      const r = await as(banshi, staff.secadmin)
        .post('/api/v1/admin/api-keys')
        .send({ name: `密钥${uniq()}`, scopes: ['read:drafts'], departmentCodes: [OWN] })
        .expect(201);
      return { id: r.body.apiKey.id as string };
    };
    const newBestBet = async () => {
      const r = await as(banshi, reviewer)
        .post('/api/v1/admin/search/best-bets')
        .send({ query: `查询${uniq()}`, matterCode: 'PM-N-OWNMATTER' });
      if (r.status >= 300) throw new Error(`best bet: ${r.status} ${JSON.stringify(r.body)}`);
      return { id: r.body.id };
    };

    const ROUTES: AdminRoute[] = [
      { route: 'GET accounts', action: 'list-accounts', audience: rolesFor('list-accounts'), call: (a) => as(banshi, a).get('/api/v1/admin/accounts') },
      {
        route: 'GET accounts/:id',
        action: 'list-accounts',
        audience: rolesFor('list-accounts'),
        call: (a) => as(banshi, a).get(`/api/v1/admin/accounts/${target.id}`),
      },
      {
        route: 'POST accounts',
        action: 'create-account',
        audience: rolesFor('create-account'),
        call: (a) =>
          as(banshi, a)
            .post('/api/v1/admin/accounts')
            .send({ login: `pm.${uniq()}`, displayName: '新账号' }),
      },
      {
        route: 'PATCH accounts/:id',
        action: 'update-account',
        audience: rolesFor('update-account'),
        call: async (a) =>
          as(banshi, a)
            .patch(`/api/v1/admin/accounts/${target.id}`)
            .set('if-match', await accountVersion())
            .send({ displayName: `改名${uniq()}` }),
      },
      {
        route: 'POST accounts/:id/reset-password',
        action: 'reset-password',
        audience: rolesFor('reset-password'),
        call: async (a) =>
          as(banshi, a)
            .post(`/api/v1/admin/accounts/${target.id}/reset-password`)
            .set('if-match', await accountVersion()),
      },
      {
        route: 'PUT accounts/:id/role',
        action: 'assign-role',
        audience: rolesFor('assign-role'),
        call: async (a) =>
          as(banshi, a)
            .put(`/api/v1/admin/accounts/${target.id}/role`)
            .set('if-match', await accountVersion())
            .send({ role: 'editor', departmentCodes: [OWN] }),
      },
      {
        route: 'POST accounts/:id/reset-totp',
        action: 'reset-totp',
        audience: rolesFor('reset-totp'),
        call: async (a) =>
          as(banshi, a)
            .post(`/api/v1/admin/accounts/${target.id}/reset-totp`)
            .set('if-match', await accountVersion()),
      },
      {
        route: 'PATCH accounts/:id disable',
        action: 'disable-account',
        audience: rolesFor('disable-account'),
        setup: async () => ({
          id: (
            await as(banshi, staff.sysadmin)
              .post('/api/v1/admin/accounts')
              .send({ login: `pm.d.${uniq()}`, displayName: '待停用' })
              .expect(201)
          ).body.account.id,
        }),
        call: async (a, t) =>
          as(banshi, a)
            .patch(`/api/v1/admin/accounts/${t.id}`)
            .set('if-match', await version('staff_accounts', 'id', t.id))
            .send({ disabled: true }),
      },
      {
        route: 'GET approvals',
        action: 'list-approvals',
        audience: rolesFor('list-approvals'),
        call: (a) => as(banshi, a).get('/api/v1/admin/approvals?status=pending'),
      },
      {
        route: 'POST approvals',
        action: 'request-approval',
        audience: rolesFor('request-approval'),
        setup: newReviewer,
        call: (a, t) => as(banshi, a).post('/api/v1/admin/approvals').send({ action: 'disable', accountId: t.accountId, reason: '测试' }),
      },
      {
        route: 'POST approvals/:id/approve',
        action: 'decide-approval',
        audience: rolesFor('decide-approval'),
        setup: newRequest,
        call: (a, t) => as(banshi, a).post(`/api/v1/admin/approvals/${t.id}/approve`),
      },
      {
        route: 'POST approvals/:id/reject',
        action: 'decide-approval',
        audience: rolesFor('decide-approval'),
        setup: newRequest,
        call: (a, t) => as(banshi, a).post(`/api/v1/admin/approvals/${t.id}/reject`),
      },
      {
        route: 'POST approvals/:id/execute',
        action: 'execute-approval',
        audience: rolesFor('execute-approval'),
        setup: newApproved,
        call: (a, t) => as(banshi, a).post(`/api/v1/admin/approvals/${t.id}/execute`),
      },
      { route: 'GET api-keys', action: 'manage-api-keys', audience: rolesFor('manage-api-keys'), call: (a) => as(banshi, a).get('/api/v1/admin/api-keys') },
      {
        route: 'POST api-keys',
        action: 'manage-api-keys',
        audience: rolesFor('manage-api-keys'),
        call: (a) =>
          as(banshi, a)
            .post('/api/v1/admin/api-keys')
            .send({ name: `密钥${uniq()}`, scopes: ['read:drafts', 'write:import'], departmentCodes: [OTHER] }),
      },
      {
        route: 'POST api-keys/:id/revoke',
        action: 'manage-api-keys',
        audience: rolesFor('manage-api-keys'),
        setup: newKey,
        call: (a, t) => as(banshi, a).post(`/api/v1/admin/api-keys/${t.id}/revoke`),
      },
      { route: 'GET security-policy', audience: ['secadmin', 'sysadmin', 'auditor'], call: (a) => as(banshi, a).get('/api/v1/admin/security-policy') },
      {
        route: 'PUT security-policy',
        audience: ['secadmin'],
        call: async (a) =>
          as(banshi, a)
            .put('/api/v1/admin/security-policy')
            .set('if-match', await policyVersion())
            .send({ lockoutThreshold: 5 }),
      },
      { route: 'GET audit', audience: ['auditor'], call: (a) => as(banshi, a).get('/api/v1/admin/audit?limit=5') },
      { route: 'GET audit/export', audience: ['auditor'], call: (a) => as(banshi, a).get('/api/v1/admin/audit/export?format=csv&result=denied') },
      { route: 'GET audit/verify', audience: ['auditor'], call: (a) => as(banshi, a).get('/api/v1/admin/audit/verify') },
      {
        route: 'POST departments',
        audience: ['sysadmin'],
        call: (a) => {
          const code = `PM-D-${uniq()}`;
          return as(banshi, a)
            .post('/api/v1/admin/departments')
            .send({ code, name: `新部门${code}` });
        },
      },
      { route: 'GET departments/:code', audience: ['sysadmin'], call: (a) => as(banshi, a).get(`/api/v1/admin/departments/${OWN}`) },
      {
        route: 'PUT departments/:code',
        audience: ['sysadmin'],
        setup: newDepartment,
        call: async (a, t) =>
          as(banshi, a)
            .put(`/api/v1/admin/departments/${t.code}`)
            .set('if-match', await version('departments', 'code', t.code))
            .send({ code: t.code, name: '改名部门' }),
      },
      {
        route: 'POST departments/:code/archive',
        audience: ['sysadmin'],
        setup: newDepartment,
        call: async (a, t) =>
          as(banshi, a)
            .post(`/api/v1/admin/departments/${t.code}/archive`)
            .set('if-match', await version('departments', 'code', t.code))
            .send({ reason: '机构撤并' }),
      },
      {
        route: 'POST service-locations',
        audience: ['sysadmin'],
        call: (a) => {
          const code = `PM-L-${uniq()}`;
          return as(banshi, a)
            .post('/api/v1/admin/service-locations')
            .send({ code, name: `新场所${code}`, level: '分中心' });
        },
      },
      {
        route: 'PUT service-locations/:code',
        audience: ['sysadmin'],
        setup: newLocation,
        call: async (a, t) =>
          as(banshi, a)
            .put(`/api/v1/admin/service-locations/${t.code}`)
            .set('if-match', await version('service_locations', 'code', t.code))
            .send({ code: t.code, name: '改名场所', level: '分中心' }),
      },
      {
        route: 'POST service-locations/:code/archive',
        audience: ['sysadmin'],
        setup: newLocation,
        call: async (a, t) =>
          as(banshi, a)
            .post(`/api/v1/admin/service-locations/${t.code}/archive`)
            .set('if-match', await version('service_locations', 'code', t.code))
            .send({ reason: '场所搬迁' }),
      },
      { route: 'GET search/synonyms', audience: ['reviewer'], call: (a) => as(banshi, a).get('/api/v1/admin/search/synonyms') },
      {
        route: 'POST search/synonyms',
        audience: ['reviewer'],
        call: (a) =>
          as(banshi, a)
            .post('/api/v1/admin/search/synonyms')
            .send({ term: `词${uniq()}`, expansions: ['同义'] }),
      },
      {
        route: 'PUT search/synonyms/:id',
        audience: ['reviewer'],
        setup: newSynonym,
        call: (a, t) =>
          as(banshi, a)
            .put(`/api/v1/admin/search/synonyms/${t.id}`)
            .send({ term: `改${uniq()}`, expansions: ['改'] }),
      },
      {
        route: 'DELETE search/synonyms/:id',
        audience: ['reviewer'],
        setup: newSynonym,
        call: (a, t) => as(banshi, a).delete(`/api/v1/admin/search/synonyms/${t.id}`),
      },
      { route: 'GET search/best-bets', audience: ['reviewer'], call: (a) => as(banshi, a).get('/api/v1/admin/search/best-bets') },
      {
        route: 'POST search/best-bets',
        audience: ['reviewer'],
        call: (a) =>
          as(banshi, a)
            .post('/api/v1/admin/search/best-bets')
            .send({ query: `查询${uniq()}`, matterCode: 'PM-N-OWNMATTER' }),
      },
      {
        route: 'DELETE search/best-bets/:id',
        audience: ['reviewer'],
        setup: newBestBet,
        call: (a, t) => as(banshi, a).delete(`/api/v1/admin/search/best-bets/${t.id}`),
      },
      { route: 'GET search/reports', audience: ['reviewer'], call: (a) => as(banshi, a).get('/api/v1/admin/search/reports?kind=zero') },
    ];

    beforeAll(async () => {
      const created = await as(banshi, staff.sysadmin).post('/api/v1/admin/accounts').send({ login: 'pm.target', displayName: '目标账号' }).expect(201);
      target = { id: created.body.account.id };
      // the best-bet routes need a published matter (also made by the nested tests, which may be filtered out)
      if (!(await db.rows(`SELECT 1 FROM service_matters WHERE code = 'PM-N-OWNMATTER'`)).length) {
        await prepare(banshi, editors[OWN], reviewer, 'matters', 'PM-N-OWNMATTER', OWN, 'published');
      }
    });

    it('covers every action of the account matrix, and every route of an action follows it', () => {
      expect(new Set(ROUTES.map((r) => r.action).filter(Boolean))).toEqual(new Set(ACCOUNT_ACTIONS));
      for (const r of ROUTES.filter((x) => x.action)) expect([...r.audience].sort()).toEqual(rolesFor(r.action!).sort());
      // 三员分立: nobody outside the administrators administers accounts; API keys are not the system administrator's
      expect(ACCOUNT_PERMISSIONS.reviewer).toEqual({});
      expect(ACCOUNT_PERMISSIONS.editor).toEqual({});
      expect(rolesFor('manage-api-keys')).toEqual(['secadmin']);
    });

    // 'plain' cells: on a privileged account the direct route is refused (403 APPROVAL_REQUIRED), changes nothing and is audited
    const PLAIN_CELLS = ROLES.flatMap((role) =>
      (['reset-password', 'disable-account'] as const)
        .filter((action) => ACCOUNT_PERMISSIONS[role][action] === 'plain')
        .flatMap((action) =>
          PRIVILEGED_ROLES.filter((t) => t !== role).map(
            (targetRole) => [`${action} as ${role} on a ${targetRole} → 403 APPROVAL_REQUIRED`, role, action, targetRole] as const,
          ),
        ),
    );
    it('has plain-only cells to test', () => expect(PLAIN_CELLS.length).toBeGreaterThanOrEqual(2 * (PRIVILEGED_ROLES.length - 1)));
    it.each(PLAIN_CELLS)('%s', async (_name, role, action, targetRole) => {
      const target = targetRole === 'reviewer' ? reviewer : who[targetRole];
      const v = await version('staff_accounts', 'id', target.id);
      const before = await db.adminSnapshot();
      const mark = await db.maxAuditId();
      const res =
        action === 'reset-password'
          ? await as(banshi, who[role]).post(`/api/v1/admin/accounts/${target.id}/reset-password`).set('if-match', v)
          : await as(banshi, who[role]).patch(`/api/v1/admin/accounts/${target.id}`).set('if-match', v).send({ disabled: true });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'APPROVAL_REQUIRED' });
      expect(chinese(res.body.message)).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/initialPassword/);
      expect(await db.adminSnapshot()).toEqual(before);
      expect(await db.auditSince(mark)).toEqual([expect.objectContaining({ object_id: target.id, result: 'denied', actor_login: who[role].login })]);
    });

    const TABLE_CELLS = ROUTES.flatMap((r) => ROLES.map((role) => [`${r.route} as ${role} → ${r.audience.includes(role) ? '2xx' : 403}`, r, role] as const));
    it.each(TABLE_CELLS)('%s', async (_name, r, role) => {
      const t = r.setup ? await r.setup(role) : {};
      const before = await db.adminSnapshot();
      const mark = await db.maxAuditId();
      const res = await r.call(who[role], t);
      if (r.audience.includes(role)) {
        expect2xx(res);
        return;
      }
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(chinese(res.body.message)).toBe(true);
      expect(await db.adminSnapshot()).toEqual(before);
      expect(await db.auditSince(mark)).toEqual([
        expect.objectContaining({ action: 'access.denied', object_type: 'route', result: 'denied', actor_login: who[role].login }),
      ]);
    });
  });
});

function expect2xx(res: Response) {
  if (res.status < 200 || res.status >= 300) throw new Error(`expected a 2xx status, got ${res.status} ${JSON.stringify(res.body)}`);
}
