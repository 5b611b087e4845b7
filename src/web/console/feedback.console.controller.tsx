import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { allowsFeedback } from '../../auth/permission-matrix';
import { AppError } from '../../common/app-error';
import { ListFeedbackQueryDto, UpdateFeedbackDto } from '../../feedback/feedback.dto';
import { FEEDBACK_STATUSES, FeedbackStatus, PROBLEMS } from '../../feedback/feedback.entity';
import { FEEDBACK_NEXT, FeedbackService } from '../../feedback/feedback.service';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { shownOnForm, problemsOf, text, validated, when } from './console-forms';
import { Select, TextArea } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, Problem } from './layout';

type Form = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = { new: '新反馈', in_hand: '处理中', answered: '已答复', closed: '已关闭' };
const KIND_LABELS: Record<string, string> = { rating: '好差评', report: '反映问题' };
const STATUS_TAG: Record<FeedbackStatus, string> = { new: 'returned', in_hand: 'submitted', answered: 'published', closed: 'closed' };

const StatusTag = ({ status }: { status: string }) => (
  <span class={`tag tag-${STATUS_TAG[status as FeedbackStatus] ?? status}`}>{FEEDBACK_STATUS_LABELS[status as FeedbackStatus] ?? status}</span>
);

/**
 * Citizens' feedback in the console (好差评 and 反映问题 from the portal's matter pages): the department's list with
 * filters, one item with its answer form. Reading and answering are FeedbackService's list / get / update — the
 * same department scope (FEEDBACK_PERMISSIONS: editors their departments', reviewers all, read-only), the same
 * status rule (new → in hand → answered / closed) and the same audit record as PATCH /api/v1/admin/feedback/:id.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin/feedback')
export class FeedbackConsoleController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  @Access('editor', 'reviewer')
  async list(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() query: Form) {
    // Empty selects mean "any"; anything else is checked by the API's own query DTO (a bad value is a 400 page).
    const filters = Object.fromEntries(['status', 'kind', 'problem', 'page'].map((k) => [k, text(query[k])]).filter(([, v]) => v));
    const q = await validated(ListFeedbackQueryDto, filters);
    const page = await this.feedback.list(q, actor);
    const pages = Math.max(1, Math.ceil(page.total / page.limit));
    const link = (n: number) => `/admin/feedback?${new URLSearchParams({ ...filters, page: String(n) }).toString()}`;
    this.pages.send(
      req,
      res,
      200,
      '群众反馈',
      { actor, csrf: req.csrfToken },
      <>
        <p>
          群众在门户办事指南页上的好差评和反映的问题。
          {actor.role === 'editor' ? '这里是本部门事项的反馈：请及时处理，需要时回电并写下答复。' : '审核员可以查看各部门的反馈，答复由事项所属部门负责。'}
        </p>
        <form method="get" action="/admin/feedback" class="compare">
          <Select name="status" label="状态" value={q.status} empty="全部" options={FEEDBACK_STATUSES.map((s) => [s, FEEDBACK_STATUS_LABELS[s]] as const)} />
          <Select name="kind" label="类型" value={q.kind} empty="全部" options={Object.entries(KIND_LABELS)} />
          <Select name="problem" label="问题" value={q.problem} empty="全部" options={Object.entries(PROBLEMS)} />
          <button type="submit" class="button secondary">
            筛选
          </button>
        </form>
        {page.items.length === 0 ? (
          <p>没有符合条件的反馈。</p>
        ) : (
          <table class="list">
            <caption>
              共 {page.total} 条{pages > 1 ? `，第 ${page.page} / ${pages} 页` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">事项</th>
                <th scope="col">内容</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((f) => (
                <tr key={f.id}>
                  <td>{when(f.createdAt)}</td>
                  <td>
                    {f.matter?.name}
                    <br />
                    <span class="muted small">
                      {f.matter?.code} · {f.department?.name}
                    </span>
                  </td>
                  <td>
                    <strong>{KIND_LABELS[f.kind]}：</strong>
                    {f.rating?.label ?? f.problem?.label}
                    {f.comment && (
                      <>
                        <br />
                        {f.comment.length > 60 ? `${f.comment.slice(0, 60)}…` : f.comment}
                      </>
                    )}
                  </td>
                  <td>
                    <StatusTag status={f.status} />
                  </td>
                  <td>
                    <a
                      href={`/admin/feedback/${f.id}`}
                      aria-label={`查看${f.status === 'new' || f.status === 'in_hand' ? '并处理' : ''}：${f.matter?.name ?? ''}，${when(f.createdAt)}`}
                    >
                      {allowsFeedback(actor.role, actor.departmentCodes, 'answer', f.department?.code ?? '') && (f.status === 'new' || f.status === 'in_hand')
                        ? '处理'
                        : '查看'}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <nav aria-label="分页" class="pager">
            {page.page > 1 && <a href={link(page.page - 1)}>上一页</a>} {page.page < pages && <a href={link(page.page + 1)}>下一页</a>}
          </nav>
        )}
      </>,
    );
  }

  @Get(':id')
  @Access('editor', 'reviewer')
  async item(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string, @Query('done') done?: string) {
    await this.itemPage(req, res, actor, checkId(id), 200, { done: done === '1' });
  }

  @Post(':id')
  @Access('editor')
  async answer(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: Form) {
    checkId(id);
    const status = text(body.status);
    const answer = typeof body.answer === 'string' ? body.answer : '';
    try {
      // An empty answer is "no answer" unless the item is being marked answered (then the DTO says it is required).
      const dto = await validated(UpdateFeedbackDto, { status, ...(answer.trim() || status === 'answered' ? { answer } : {}) });
      await this.feedback.update(id, dto, actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      const problems = e.code === 'FEEDBACK_STATUS' ? [{ field: 'status', message: e.message }] : problemsOf(e);
      return this.itemPage(req, res, actor, id, e.status, { problems, status, answer });
    }
    res.redirect(303, `/admin/feedback/${id}?done=1`);
  }

  private async itemPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    id: string,
    code: number,
    o: { done?: boolean; problems?: Problem[]; status?: string; answer?: string },
  ) {
    const f = await this.feedback.get(id, actor);
    const problems = o.problems ?? [];
    const err = (field: string) =>
      problems
        .filter((p) => p.field === field)
        .map((p) => p.message)
        .join('；') || undefined;
    const next = FEEDBACK_NEXT[f.status as FeedbackStatus] ?? [];
    const canAnswer = allowsFeedback(actor.role, actor.departmentCodes, 'answer', f.department?.code ?? '') && next.length > 0;
    this.pages.send(
      req,
      res,
      code,
      `${KIND_LABELS[f.kind]}：${f.matter?.name ?? ''}`,
      { actor, csrf: req.csrfToken },
      <>
        {o.done && <Notice kind="success">已保存，状态为“{FEEDBACK_STATUS_LABELS[f.status as FeedbackStatus]}”。</Notice>}
        <p class="meta">
          <a href="/admin/feedback">返回群众反馈</a>
        </p>
        <dl class="facts">
          <dt>事项</dt>
          <dd>
            {f.matter?.name}（{f.matter?.code}）
          </dd>
          <dt>部门</dt>
          <dd>{f.department?.name}</dd>
          <dt>时间</dt>
          <dd>{when(f.createdAt)}</dd>
          <dt>{f.kind === 'rating' ? '评价' : '反映的问题'}</dt>
          <dd>{f.rating?.label ?? f.problem?.label}</dd>
          <dt>群众留言</dt>
          <dd>{f.comment ?? '（没有留言）'}</dd>
          <dt>回访电话</dt>
          <dd>{f.phone ?? '（没有留下，或已按规定到期删除）'}</dd>
          <dt>状态</dt>
          <dd>
            <StatusTag status={f.status} />
          </dd>
          <dt>答复</dt>
          <dd>{f.answer ?? '（还没有答复）'}</dd>
        </dl>
        {canAnswer ? (
          <section aria-labelledby="answer-h">
            <h2 id="answer-h">处理和答复</h2>
            <ErrorSummary problems={problems.map((p) => ({ ...p, label: p.field === 'status' ? '新的状态' : p.field === 'answer' ? '答复' : undefined }))} />
            <form method="post" action={`/admin/feedback/${f.id}`} novalidate>
              <Csrf token={req.csrfToken} />
              <Select
                name="status"
                label="新的状态"
                value={o.status ?? next[0]}
                options={next.map((s) => [s, FEEDBACK_STATUS_LABELS[s]] as const)}
                error={err('status')}
              />
              <TextArea
                name="answer"
                label="答复"
                hint="标记为“已答复”时必填；群众留了电话的，请回电后写下答复的内容"
                value={o.answer ?? f.answer ?? ''}
                rows={5}
                error={err('answer')}
              />
              <button type="submit" class="button">
                保存
              </button>
            </form>
          </section>
        ) : (
          <p class="muted">{next.length === 0 ? '这条反馈已关闭。' : '答复由事项所属部门的工作人员负责。'}</p>
        )}
      </>,
    );
  }
}

function checkId(id: string): string {
  if (!UUID.test(id)) throw AppError.notFound('FEEDBACK_NOT_FOUND', '反馈');
  return id;
}
