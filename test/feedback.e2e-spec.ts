import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeizhenDemo } from '../seeds/beizhen';
import { as, Signed, Staff } from './setup/staff';
import { Banshi, startBanshi } from './setup/test-app';

/** Feedback (好差评 / 反映问题): public JSON create, validation, the departments' list and answers, counts, PIPL retention. */
describe('feedback', () => {
  let banshi: Banshi;
  let editor: Signed;
  let otherEditor: Signed;
  let reviewer: Signed;
  const demo = buildBeizhenDemo();
  const police = demo.matters.find((m) => m.name === '居民身份证申领')!;
  const other = demo.matters.find((m) => m.departmentCode !== police.departmentCode)!;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-feedback-'));
    const doc = { ...demo, matters: [police, other], guides: [], bundles: [] };
    writeFileSync(join(dir, 'small.json'), JSON.stringify(doc));
    banshi = await startBanshi({ FEEDBACK_RATE_LIMIT: '1000' });
    expect(banshi.cli('import', [join(dir, 'small.json')]).status).toBe(0);
    const staff = await Staff.bootstrap(banshi);
    editor = await staff.create('police-editor', 'editor', [police.departmentCode!]);
    otherEditor = await staff.create('other-editor', 'editor', [other.departmentCode!]);
    reviewer = await staff.create('centre-reviewer', 'reviewer');
  });
  afterAll(() => banshi?.close());

  const send = (body: object) => banshi.http().post('/api/v1/feedback').send(body);

  it('takes a rating and a report as JSON, anonymous unless a phone is left, and says what happens to the data', async () => {
    const r = await send({ matterCode: police.code, kind: 'rating', rating: 1, comment: '等了三个小时' }).expect(201);
    expect(r.body.privacy).toMatch(/180 天后自动删除/);
    await send({ matterCode: police.code, kind: 'report', problem: 'connections', comment: '说找人能快点', phone: '0416-6612345' }).expect(201);
    await send({ matterCode: other.code, kind: 'report', problem: 'fee' }).expect(201);
    const rows = await banshi.sql<{ phone: string | null }>(`SELECT phone FROM feedback ORDER BY created_at`);
    expect(rows.map((x) => x.phone)).toEqual([null, '0416-6612345', null]);
    // no IP, no user agent, no account: the table has no column for them
    const columns = (await banshi.sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback'`)).map(
      (c) => c.column_name,
    );
    expect(columns.filter((c) => /ip|agent|account|user|session/.test(c))).toEqual([]);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const before = (await banshi.sql(`SELECT id FROM feedback`)).length;
    for (const body of [
      { matterCode: police.code, kind: 'rating' },
      { matterCode: police.code, kind: 'rating', rating: 9 },
      { matterCode: police.code, kind: 'report', problem: 'nonsense' },
      { matterCode: police.code, kind: 'praise' },
      { matterCode: police.code, kind: 'rating', rating: 5, phone: '110' },
      { matterCode: police.code, kind: 'rating', rating: 5, comment: 'x'.repeat(501) },
      { matterCode: police.code, kind: 'rating', rating: 5, ip: '1.2.3.4' },
      { matterCode: '<script>', kind: 'rating', rating: 5 },
    ]) {
      const r = await send(body);
      expect([JSON.stringify(body).slice(0, 80), r.status, r.body.code]).toEqual([JSON.stringify(body).slice(0, 80), 400, 'VALIDATION_FAILED']);
    }
    await send({ matterCode: 'NO-SUCH-MATTER', kind: 'rating', rating: 5 }).expect(404);
    expect((await banshi.sql(`SELECT id FROM feedback`)).length).toBe(before);
  });

  it("department editors see only their departments' feedback; reviewers see all and the counts per matter", async () => {
    const mine = await as(banshi, editor).get('/api/v1/admin/feedback').expect(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items.every((f: { matter: { code: string } }) => f.matter.code === police.code)).toBe(true);
    const theirs = await as(banshi, otherEditor).get('/api/v1/admin/feedback').expect(200);
    expect(theirs.body.total).toBe(1);
    const filtered = await as(banshi, editor).get('/api/v1/admin/feedback?kind=report&problem=connections').expect(200);
    expect(filtered.body.items).toHaveLength(1);
    expect(filtered.body.items[0]).toMatchObject({
      kind: 'report',
      problem: { code: 'connections', label: '被要求托关系、找熟人' },
      phone: '0416-6612345',
      status: 'new',
    });
    const all = await as(banshi, reviewer).get('/api/v1/admin/feedback').expect(200);
    expect(all.body.total).toBe(3);
    const counts = await as(banshi, reviewer).get('/api/v1/admin/feedback/counts').expect(200);
    expect(counts.body.find((c: { matter: { code: string } }) => c.matter.code === police.code)).toMatchObject({
      ratings: 1,
      averageRating: 1,
      unsatisfied: 1,
      reports: 1,
      open: 2,
    });
    await banshi.http().get('/api/v1/admin/feedback').expect(401);
  });

  it('status moves new → in hand → answered → closed, by the department only, audited', async () => {
    const [report] = (await as(banshi, editor).get('/api/v1/admin/feedback?kind=report').expect(200)).body.items;
    // the other department's editor cannot see it (404, no existence oracle); the reviewer may read but not answer
    await as(banshi, otherEditor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'in_hand' }).expect(404);
    await as(banshi, reviewer).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'in_hand' }).expect(403);
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'answered' }).expect(400);
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'new' }).expect(400);
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'in_hand' }).expect(200);
    const answered = await as(banshi, editor)
      .patch(`/api/v1/admin/feedback/${report.id}`)
      .send({ status: 'answered', answer: '已核实，对窗口人员批评教育并回访' })
      .expect(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer: '已核实，对窗口人员批评教育并回访' });
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'in_hand' }).expect(409);
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${report.id}`).send({ status: 'closed' }).expect(200);
    await as(banshi, editor).patch(`/api/v1/admin/feedback/not-a-uuid`).send({ status: 'closed' }).expect(400);
    const audit = await banshi.sql<{ details: { from: string; to: string } }>(
      `SELECT details FROM audit_log WHERE action = 'feedback.update' AND object_id = $1 ORDER BY id`,
      [report.id],
    );
    expect(audit.map((a) => `${a.details.from}→${a.details.to}`)).toEqual(['new→in_hand', 'in_hand→answered', 'answered→closed']);
  });

  it('erases phone numbers past their retention date (at start and hourly); the feedback stays', async () => {
    await banshi.sql(`UPDATE feedback SET phone_erase_after = now() - interval '1 minute' WHERE phone IS NOT NULL`);
    await banshi.stop();
    await banshi.restart();
    const rows = await banshi.sql<{ phone: string | null; comment: string | null }>(
      `SELECT phone, comment FROM feedback WHERE kind = 'report' AND problem = 'connections'`,
    );
    expect(rows).toEqual([{ phone: null, comment: '说找人能快点' }]);
  });

  it('is rate-limited per client IP', async () => {
    const limited = await startBanshi({ FEEDBACK_RATE_LIMIT: '2' });
    try {
      for (let i = 0; i < 2; i++) await limited.http().post('/matters/ANY/feedback').type('form').send({ kind: 'rating', rating: '5' }).expect(404);
      const third = await limited.http().post('/matters/ANY/feedback').type('form').send({ kind: 'rating', rating: '5' }).expect(429);
      expect(third.headers['content-type']).toMatch(/^text\/html/);
      expect(third.text).toContain('访问过于频繁');
    } finally {
      await limited.close();
    }
  });
});
