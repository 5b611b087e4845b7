import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ComponentChildren } from 'preact';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/app-error';
import { SearchAdminService } from '../../search/search-admin.service';
import { SearchStatsService } from '../../search/search-stats.service';
import { SearchQueryDto, SearchResponse } from '../../search/search.dto';
import { SearchService } from '../../search/search.service';
import { BestBetDto, SynonymDto } from '../../search/synonym.dto';
import { ConsoleErrorFilter } from './console-error.filter';
import type { ConsoleRequest } from './console-http';
import { shownOnForm, problemsOf, text, validated, when } from './console-forms';
import { Checkbox, Field, Select } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, PostButton, Problem } from './layout';

type Form = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND_LABELS: Record<string, string> = { matter: '事项', guide: '指南条目', bundle: '一件事' };
const REPORTS = { zero: '没有结果的搜索', 'low-click': '很少点击的搜索' } as const;

const TABS = [
  ['/admin/search', '试一试'],
  ['/admin/search/synonyms', '同义词'],
  ['/admin/search/best-bets', '置顶'],
  ['/admin/search/reports?kind=zero', '没有结果的搜索'],
  ['/admin/search/reports?kind=low-click', '很少点击的搜索'],
] as const;

function TuningNav({ current }: { current: string }) {
  return (
    <nav aria-label="搜索调优" class="subnav">
      <ul>
        {TABS.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={href === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Expansions typed as one field: separated by 、，, ; ； or spaces (the API takes an array). */
const splitList = (v: unknown) =>
  text(v)
    .split(/[、，,;；\s]+/)
    .filter(Boolean);

/** A field path of the DTO → the form field it came from (expansions[2] → expansions). */
const formField = (p: Problem): Problem => ({ ...p, field: p.field.replace(/\[\d+\]$/, '') });

const bestBetState = (b: { startsOn: string | null; endsOn: string | null }) => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  if (b.startsOn && b.startsOn > today) return '未开始';
  if (b.endsOn && b.endsOn < today) return '已过期';
  return '生效中';
};

/**
 * Search tuning for the centre's reviewers (the role the permission matrix gives /api/v1/admin/search): synonyms,
 * best bets with their dates, the zero-result and low-click reports, and "try this query" — the real SearchService
 * with every synonym and best bet applied, i.e. what a citizen gets (the preview is left out of the reports).
 * Every change goes through SearchAdminService, as the JSON API's does (audited, pushed to Meilisearch at once).
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Access('reviewer')
@Controller('admin/search')
export class SearchTuningConsoleController {
  constructor(
    private readonly admin: SearchAdminService,
    private readonly stats: SearchStatsService,
    private readonly search: SearchService,
    private readonly pages: ConsolePages,
  ) {}

  private send(req: ConsoleRequest, res: Response, actor: Actor, status: number, title: string, current: string, body: ComponentChildren) {
    this.pages.send(
      req,
      res,
      status,
      title,
      { actor, csrf: req.csrfToken },
      <>
        <TuningNav current={current} />
        {body}
      </>,
    );
  }

  // ── try this query ──────────────────────────────────────────────────────────────────────────────────────

  @Get()
  async preview(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() query: Form) {
    const q = text(query.q);
    const kind = text(query.kind);
    let result: SearchResponse | undefined;
    let problems: Problem[] = [];
    if (q) {
      try {
        const dto = await validated(SearchQueryDto, { q, ...(kind ? { kind } : {}), limit: '20', facets: 'false' });
        result = await this.search.search(dto, { record: false });
      } catch (e) {
        if (!shownOnForm(e)) throw e;
        problems = problemsOf(e);
      }
    }
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    this.send(
      req,
      res,
      actor,
      problems.length ? 400 : 200,
      '搜索调优：试一试',
      '/admin/search',
      <>
        <p>输入群众可能会搜的话，看看他们会得到什么结果（使用已生效的同义词和置顶；这里的搜索不计入统计报告）。</p>
        <ErrorSummary problems={problems.map((p) => ({ ...p, label: p.field === 'q' ? '搜索词' : '类型' }))} />
        <form method="get" action="/admin/search" class="compare" role="search">
          <Field name="q" label="搜索词" value={q} error={err('q')} />
          <Select name="kind" label="类型" value={kind} empty="全部" options={Object.entries(KIND_LABELS) as [string, string][]} error={err('kind')} />
          <button type="submit" class="button">
            搜索
          </button>
        </form>
        {result && <PreviewResults result={result} />}
      </>,
    );
  }

  // ── synonyms ────────────────────────────────────────────────────────────────────────────────────────────

  @Get('synonyms')
  async synonyms(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query('done') done?: string, @Query('find') find?: unknown) {
    await this.synonymsPage(req, res, actor, 200, { done, find: text(find) });
  }

  private async synonymsPage(
    req: ConsoleRequest,
    res: Response,
    actor: Actor,
    status: number,
    o: { done?: string; problems?: Problem[]; form?: Form; find?: string },
  ) {
    const all = await this.admin.listSynonyms();
    // (the seeded lexicon has hundreds of entries: a plain text filter on the page)
    const rows = o.find ? all.filter((s) => s.term.includes(o.find!) || s.expansions.some((e) => e.includes(o.find!))) : all;
    const problems = (o.problems ?? []).map(formField);
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    const f = o.form ?? {};
    this.send(
      req,
      res,
      actor,
      status,
      '搜索调优：同义词',
      '/admin/search/synonyms',
      <>
        {o.done === 'added' && <Notice kind="success">同义词已添加，搜索立即生效。</Notice>}
        {o.done === 'removed' && <Notice kind="success">同义词已删除。</Notice>}
        <p>群众说的词（如“药罐子卡”）和目录里的说法（如“慢性病”）对不上时，加一条同义词：搜“词语”也能找到“可以理解为”中的说法。</p>
        <section aria-labelledby="add-synonym">
          <h2 id="add-synonym">添加同义词</h2>
          <ErrorSummary problems={problems.map((p) => ({ ...p, label: SYNONYM_LABELS[p.field] }))} />
          <form method="post" action="/admin/search/synonyms" novalidate>
            <Csrf token={req.csrfToken} />
            <Field name="term" label="词语（群众的说法）" value={text(f.term)} error={err('term')} required />
            <Field
              name="expansions"
              label="可以理解为"
              hint="一个或多个目录中的说法，用顿号“、”或逗号分隔，最多 10 个"
              value={text(f.expansions)}
              error={err('expansions')}
              width="long"
              required
            />
            <Checkbox name="mutual" label="双向（搜后面的说法也能找到前面的词语）" checked={f.mutual === 'on'} error={err('mutual')} />
            <Field name="note" label="备注（可选）" value={text(f.note)} error={err('note')} width="long" />
            <button type="submit" class="button">
              添加
            </button>
          </form>
        </section>
        <h2 id="synonym-list">已有同义词（{o.find ? `找到 ${rows.length} 条，共 ${all.length} 条` : all.length}）</h2>
        <form method="get" action="/admin/search/synonyms" class="compare" role="search" aria-label="查找同义词">
          <Field name="find" label="查找词语或说法" value={o.find} />
          <button type="submit" class="button secondary">
            查找
          </button>
        </form>
        {rows.length === 0 ? (
          <p class="muted">还没有。</p>
        ) : (
          <table class="list" aria-labelledby="synonym-list">
            <thead>
              <tr>
                <th scope="col">词语</th>
                <th scope="col">可以理解为</th>
                <th scope="col">双向</th>
                <th scope="col">备注</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>{s.term}</td>
                  <td>{s.expansions.join('、')}</td>
                  <td>{s.mutual ? '是' : '否'}</td>
                  <td>{s.note ?? ''}</td>
                  <td>
                    <PostButton
                      action={`/admin/search/synonyms/${s.id}/delete`}
                      csrf={req.csrfToken}
                      buttonClass="button secondary small"
                      ariaLabel={`删除同义词“${s.term}”`}
                    >
                      删除
                    </PostButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
    );
  }

  @Post('synonyms')
  async addSynonym(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    try {
      const dto = await validated(SynonymDto, {
        term: text(body.term),
        expansions: splitList(body.expansions),
        mutual: body.mutual === 'on',
        ...(text(body.note) ? { note: text(body.note) } : {}),
      });
      await this.admin.createSynonym(dto, actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      const problems = e.code === 'SYNONYM_EXISTS' ? [{ field: 'term', message: e.message }] : problemsOf(e);
      return this.synonymsPage(req, res, actor, e.status, { problems, form: body });
    }
    res.redirect(303, '/admin/search/synonyms?done=added');
  }

  @Post('synonyms/:id/delete')
  async removeSynonym(@Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!UUID.test(id)) throw AppError.notFound('SYNONYM_NOT_FOUND', '同义词');
    await this.admin.deleteSynonym(id, actor);
    res.redirect(303, '/admin/search/synonyms?done=removed');
  }

  // ── best bets ───────────────────────────────────────────────────────────────────────────────────────────

  @Get('best-bets')
  async bestBets(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query('done') done?: string) {
    await this.bestBetsPage(req, res, actor, 200, { done });
  }

  private async bestBetsPage(req: ConsoleRequest, res: Response, actor: Actor, status: number, o: { done?: string; problems?: Problem[]; form?: Form }) {
    const rows = await this.admin.listBestBets();
    const problems = o.problems ?? [];
    const err = (f: string) =>
      problems
        .filter((p) => p.field === f)
        .map((p) => p.message)
        .join('；') || undefined;
    const f = o.form ?? {};
    this.send(
      req,
      res,
      actor,
      status,
      '搜索调优：置顶',
      '/admin/search/best-bets',
      <>
        {o.done === 'added' && <Notice kind="success">置顶规则已添加。</Notice>}
        {o.done === 'removed' && <Notice kind="success">置顶规则已删除。</Notice>}
        <p>群众搜某个词时，把一个事项放在结果的第一位（例如社保缴费期间搜“交社保”）。可以只在一段日期内生效。</p>
        <section aria-labelledby="add-best-bet">
          <h2 id="add-best-bet">添加置顶</h2>
          <ErrorSummary problems={problems.map((p) => ({ ...p, label: BEST_BET_LABELS[p.field] }))} />
          <form method="post" action="/admin/search/best-bets" novalidate>
            <Csrf token={req.csrfToken} />
            <Field name="query" label="搜索词" value={text(f.query)} error={err('query')} required />
            <Field name="matterCode" label="置顶的事项编码" hint="已发布的事项" value={text(f.matterCode)} error={err('matterCode')} required />
            <Field name="startsOn" label="开始日期（可选）" type="date" value={text(f.startsOn)} error={err('startsOn')} />
            <Field name="endsOn" label="结束日期（可选）" type="date" value={text(f.endsOn)} error={err('endsOn')} />
            <button type="submit" class="button">
              添加
            </button>
          </form>
        </section>
        <h2 id="best-bet-list">置顶规则（{rows.length}）</h2>
        {rows.length === 0 ? (
          <p class="muted">还没有。</p>
        ) : (
          <table class="list" aria-labelledby="best-bet-list">
            <thead>
              <tr>
                <th scope="col">搜索词</th>
                <th scope="col">置顶事项</th>
                <th scope="col">日期</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id}>
                  <td>
                    <a href={`/admin/search?q=${encodeURIComponent(b.query)}`}>{b.query}</a>
                  </td>
                  <td>
                    {b.matterName}
                    <br />
                    <span class="muted small">{b.matterCode}</span>
                  </td>
                  <td>
                    {b.startsOn ?? '不限'} 至 {b.endsOn ?? '不限'}
                  </td>
                  <td>{bestBetState(b)}</td>
                  <td>
                    <PostButton
                      action={`/admin/search/best-bets/${b.id}/delete`}
                      csrf={req.csrfToken}
                      buttonClass="button secondary small"
                      ariaLabel={`删除“${b.query}”的置顶`}
                    >
                      删除
                    </PostButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
    );
  }

  @Post('best-bets')
  async addBestBet(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
    try {
      const dto = await validated(BestBetDto, {
        query: text(body.query),
        matterCode: text(body.matterCode),
        ...(text(body.startsOn) ? { startsOn: text(body.startsOn) } : {}),
        ...(text(body.endsOn) ? { endsOn: text(body.endsOn) } : {}),
      });
      await this.admin.createBestBet(dto, actor);
    } catch (e) {
      if (!shownOnForm(e)) throw e;
      return this.bestBetsPage(req, res, actor, e.status, { problems: problemsOf(e), form: body });
    }
    res.redirect(303, '/admin/search/best-bets?done=added');
  }

  @Post('best-bets/:id/delete')
  async removeBestBet(@Res() res: Response, @CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!UUID.test(id)) throw AppError.notFound('BEST_BET_NOT_FOUND', '置顶规则');
    await this.admin.deleteBestBet(id, actor);
    res.redirect(303, '/admin/search/best-bets?done=removed');
  }

  // ── reports ─────────────────────────────────────────────────────────────────────────────────────────────

  @Get('reports')
  async reports(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query('kind') kind?: string) {
    const k = kind === 'low-click' ? 'low-click' : 'zero';
    if (kind !== undefined && kind !== k) throw AppError.badRequest('kind', '取值必须是 zero 或 low-click');
    const rows = (await this.stats.report(k, 100)) as { query: string; searches: number; zeroResults: number; clicks: number; lastSeenAt: Date }[];
    this.send(
      req,
      res,
      actor,
      200,
      `搜索调优：${REPORTS[k]}`,
      `/admin/search/reports?kind=${k}`,
      <>
        <p>
          {k === 'zero'
            ? '群众搜了却什么也没找到的词，次数多的在前。可以为它加同义词，或检查目录是否缺少事项。'
            : '搜过至少 3 次、但点开结果不到一成的词：结果可能不是群众要找的。可以加同义词或置顶。'}
          （只统计搜索词本身，不记录任何个人信息。）
        </p>
        {rows.length === 0 ? (
          <p class="muted">目前没有。</p>
        ) : (
          <table class="list">
            <caption>前 {rows.length} 个</caption>
            <thead>
              <tr>
                <th scope="col">搜索词</th>
                <th scope="col">搜索次数</th>
                <th scope="col">没有结果</th>
                <th scope="col">点击</th>
                <th scope="col">最近一次</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.query}>
                  <td>{r.query}</td>
                  <td>{r.searches}</td>
                  <td>{r.zeroResults}</td>
                  <td>{r.clicks}</td>
                  <td>{when(r.lastSeenAt)}</td>
                  <td>
                    <a href={`/admin/search?q=${encodeURIComponent(r.query)}`} aria-label={`试一试“${r.query}”`}>
                      试一试
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
    );
  }
}

const SYNONYM_LABELS: Record<string, string> = { term: '词语', expansions: '可以理解为', mutual: '双向', note: '备注' };
const BEST_BET_LABELS: Record<string, string> = { query: '搜索词', matterCode: '置顶的事项编码', startsOn: '开始日期', endsOn: '结束日期' };

function PreviewResults({ result }: { result: SearchResponse }) {
  return (
    <section aria-labelledby="preview-h">
      <h2 id="preview-h">
        群众搜“{result.query}”会看到 {result.total} 个结果
      </h2>
      {result.degraded && <Notice kind="warning">搜索引擎暂时不可用，这是数据库的简化结果。</Notice>}
      {result.hits.length === 0 ? (
        <p>
          没有结果。
          {result.suggestions.length > 0 && `会提示：${result.suggestions.join('、')}`}
        </p>
      ) : (
        <ol class="preview-hits">
          {result.hits.map((h) => (
            <li key={`${h.kind}:${h.code}`}>
              <a href={`/${h.kind === 'matter' ? 'matters' : h.kind === 'guide' ? 'guides' : 'bundles'}/${h.code}`}>{h.name}</a>{' '}
              {h.pinned && <span class="tag tag-published">置顶</span>} <span class="tag">{KIND_LABELS[h.kind]}</span>
              <br />
              <span class="muted small">
                {h.department?.name} · {h.code}
                {h.sameNameCount ? ` · 在 ${h.sameNameCount} 个村/社区可办` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
