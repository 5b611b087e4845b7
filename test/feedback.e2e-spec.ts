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
    expect(r.body.receipt).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    await send({ matterCode: police.code, kind: 'report', problem: 'connections', comment: '说找人能快点', phone: '0416-6612345' }).expect(201);
    await send({ matterCode: other.code, kind: 'report', problem: 'fee' }).expect(201);
    const rows = await banshi.sql<{ phone: string | null }>(`SELECT phone FROM feedback ORDER BY created_at`);
    expect(rows.map((x) => x.phone)).toEqual([null, '0416-6612345', null]);
    // no IP, no user agent, no account: the table has no column for them
    const columns = (await banshi.sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback'`)).map(
      (c) => c.column_name,
    );
    expect(columns.filter((c) => /(^|_)ip(_|$)|address|agent|account|user|session/.test(c))).toEqual([]); // (not the "ip" in receipt)
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

  it('the citizen follows an item by its receipt code: status and answer, never the comment or the phone', async () => {
    const created = await send({ matterCode: police.code, kind: 'report', problem: 'fee', comment: '收了我二十元', phone: '13800138000' }).expect(201);
    const receipt: string = created.body.receipt;
    const before = await banshi.http().get(`/api/v1/feedback/${receipt}`).expect(200);
    expect(before.body).toMatchObject({ receipt, kind: 'report', status: 'new', statusLabel: '已收到，等待处理', answer: null, handledAt: null });
    expect(before.body.matter).toEqual({ code: police.code, name: police.name });
    expect(before.body.subject).toBe('反映问题：被收取指南没有列出的费用');
    // staff find it by the code a citizen reads out, and answer it
    const [item] = (await as(banshi, editor).get('/api/v1/admin/feedback?kind=report&problem=fee').expect(200)).body.items.filter(
      (f: { receipt: string }) => f.receipt === receipt,
    );
    await as(banshi, editor).patch(`/api/v1/admin/feedback/${item.id}`).send({ status: 'answered', answer: '已退还费用，并对窗口通报批评' }).expect(200);
    const after = await banshi.http().get(`/api/v1/feedback/${receipt.toLowerCase()}`).expect(200);
    expect(after.body).toMatchObject({ status: 'answered', statusLabel: '已答复', answer: '已退还费用，并对窗口通报批评' });
    expect(after.body.handledAt).not.toBeNull();
    const text = JSON.stringify(after.body);
    expect(text).not.toContain('二十元');
    expect(text).not.toContain('13800138000');
    expect(Object.keys(after.body)).not.toContain('id');
    // the page shows the same, as HTML, and is not cached anywhere
    const page = await banshi.http().get(`/feedback/${receipt}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('已退还费用，并对窗口通报批评');
    expect(page.text).not.toContain('二十元');
    expect(page.text).not.toContain('13800138000');
    // unknown or malformed codes: 404, JSON for the API and HTML for the page
    for (const bad of ['AAAAAAAAAAAA', 'short', '0000000000000', "'; DROP TABLE feedback; --"]) {
      const api = await banshi.http().get(`/api/v1/feedback/${encodeURIComponent(bad)}`);
      expect([bad, api.status, api.body.code]).toEqual([bad, 404, 'FEEDBACK_NOT_FOUND']);
      const html = await banshi.http().get(`/feedback/${encodeURIComponent(bad)}`);
      expect([bad, html.status]).toEqual([bad, 404]);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
    }
    // the lookup form: a code typed with spaces or dashes goes to its page; a malformed one is a 400 with the field
    const lookup = await banshi
      .http()
      .get(`/feedback?receipt=${encodeURIComponent(`${receipt.slice(0, 4)}-${receipt.slice(4, 8)} ${receipt.slice(8)}`)}`)
      .expect(303);
    expect(lookup.headers.location).toBe(`/feedback/${receipt}`);
    const wrong = await banshi.http().get('/feedback?receipt=abc').expect(400);
    expect(wrong.text).toContain('回执码是 12 位字母和数字');
    await banshi.http().get('/feedback').expect(200);
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
