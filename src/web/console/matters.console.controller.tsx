import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { ListFeedbackQueryDto } from '../../feedback/feedback.dto';
import { FeedbackService } from '../../feedback/feedback.service';
import { WorkflowViewsService } from '../../workflow/workflow-views.service';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { when } from './console-forms';
import { ConsolePages, Notice } from './layout';
import { StateTag } from './matter-pages';

const KIND = 'matters' as const;

/**
 * The editor's and the reviewer's starting page: my work (open matters by state, the department's feedback). The pages of
 * one record (editor, review, history) are content.console.controller.tsx's, the same for matters, guide entries and
 * bundles.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Access('editor', 'reviewer')
@Controller('admin')
export class MattersConsoleController {
  constructor(
    private readonly views: WorkflowViewsService,
    private readonly pages: ConsolePages,
    private readonly feedback: FeedbackService,
  ) {}

  @Get('work')
  async myWork(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query('done') done?: string) {
    const open = await this.views.list(KIND, { page: 1, limit: 100 }, actor);
    const [fresh, inHand] = await Promise.all(
      (['new', 'in_hand'] as const).map((status) => this.feedback.list(Object.assign(new ListFeedbackQueryDto(), { status, limit: 1 }), actor)),
    );
    const groups =
      actor.role === 'reviewer'
        ? [
            ['submitted', '等待我审核'],
            ['scheduled', '已排期发布'],
          ]
        : [
            ['returned', '退回给我修改'],
            ['draft', '我的草稿'],
            ['submitted', '等待审核'],
            ['scheduled', '已排期发布'],
          ];
    this.pages.send(
      req,
      res,
      200,
      '我的工作',
      { actor, csrf: req.csrfToken },
      <>
        {done === 'password' && <Notice kind="success">新密码已保存。</Notice>}
        {done === 'totp' && <Notice kind="success">双因素认证已启用，下次登录时需要输入动态口令。</Notice>}
        {actor.role === 'editor' && (
          <p>
            <a class="button" href="/admin/matters/new">
              新建事项
            </a>
          </p>
        )}
        <section aria-labelledby="g-feedback">
          <h2 id="g-feedback">群众反馈</h2>
          <p>
            <a href="/admin/feedback?status=new">新反馈 {fresh.total} 条</a> · <a href="/admin/feedback?status=in_hand">处理中 {inHand.total} 条</a>
          </p>
        </section>
        {groups.map(([state, title]) => {
          const rows = open.items.filter((r) => r.state === state);
          return (
            <section key={state} aria-labelledby={`g-${state}`}>
              <h2 id={`g-${state}`}>
                {title}（{rows.length}）
              </h2>
              {rows.length === 0 ? (
                <p class="muted">没有。</p>
              ) : (
                <table class="list">
                  <thead>
                    <tr>
                      <th scope="col">事项</th>
                      <th scope="col">部门</th>
                      <th scope="col">状态</th>
                      <th scope="col">更新时间</th>
                      {state === 'returned' && <th scope="col">退回原因</th>}
                      {state === 'scheduled' && <th scope="col">生效时间</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.code}>
                        <td>
                          <a href={actor.role === 'reviewer' ? `/admin/matters/${r.code}/review` : `/admin/matters/${r.code}`}>{r.title}</a>
                          <br />
                          <span class="muted small">{r.code}</span>
                        </td>
                        <td>{r.departmentCode}</td>
                        <td>
                          <StateTag state={r.state} />
                        </td>
                        <td>{when(r.updatedAt)}</td>
                        {state === 'returned' && <td>{r.returnReason}</td>}
                        {state === 'scheduled' && <td>{when(r.effectiveFrom)}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
      </>,
    );
  }

  // The review queue (every kind, batch publish of an import): review.console.controller.tsx
}
