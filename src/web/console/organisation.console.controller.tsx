import { Body, Controller, Get, Param, Post, Query, Req, Res, Type, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/app-error';
import { PageQueryDto } from '../../common/pagination';
import { CODE_PATTERN } from '../../common/validation';
import { DepartmentsService } from '../../departments/departments.service';
import { KINDS, notFoundCode } from '../../exchange/catalogue-kinds';
import { ServiceLocationsService } from '../../service-locations/service-locations.service';
import { ReferenceDataService, ReferenceKind } from '../../workflow/reference-data.service';
import { diffRecords } from '../../workflow/revision-diff';
import { DepartmentBodyDto, LocationBodyDto } from '../../workflow/workflow.dto';
import { pageQuery } from '../page-request';
import { Pager } from './accounts.console.controller';
import { ConsoleErrorFilter } from './console-error.filter';
import { errorFor, pick, problemsOf, requireVersion, shownOnForm, validated } from './console-forms';
import type { ConsoleRequest } from './console-http';
import { DEPARTMENT_FORM, LOCATION_FORM } from './content-forms';
import { Field } from './fields';
import { ConsolePages, Csrf, ErrorSummary, Notice, Problem } from './layout';
import { DiffTable, EditorWords, labelOf, Scalar } from './matter-pages';
import { formToRecord, Payload, RecordForm, recordToForm } from './record-form';

type Form = Record<string, unknown>;

interface Row {
  code: string;
  name: string;
  cells: string[];
}

/** The system administrator's reference data: how each kind is listed and edited. */
interface ReferenceKindPages {
  kind: ReferenceKind;
  path: string;
  words: EditorWords;
  dto: Type<object>;
  columns: string[];
}

const WORDS_HINT = '1–64 位数字、字母或连字符，保存后不能修改';
const PAGES: Record<ReferenceKind, ReferenceKindPages> = {
  departments: {
    kind: 'departments',
    path: 'departments',
    words: { def: DEPARTMENT_FORM, code: '部门编码', codeHint: WORDS_HINT, department: '' },
    dto: DepartmentBodyDto,
    columns: ['类别', '进驻中心', '电话'],
  },
  locations: {
    kind: 'locations',
    path: 'locations',
    words: { def: LOCATION_FORM, code: '场所编码', codeHint: WORDS_HINT, department: '主办单位' },
    dto: LocationBodyDto,
    columns: ['层级', '主办单位', '地址'],
  },
};

/**
 * Departments and service places, the system administrator's (the organisation's structure: saved and published
 * at once, no review): a paged list, a form with every field of the exchange format, optimistic locking with a
 * diff when someone saved first. Saving is ReferenceDataService.save — the call PUT /api/v1/admin/departments/:code
 * makes — so validation, the duplicate-name rule and the audit record exist once.
 */
function referenceConsoleController(p: ReferenceKindPages) {
  @ApiExcludeController()
  @UseFilters(ConsoleErrorFilter)
  @Access('sysadmin')
  @Controller(`admin/${p.path}`)
  class ReferenceConsoleController {
    constructor(
      readonly reference: ReferenceDataService,
      readonly departments: DepartmentsService,
      readonly locations: ServiceLocationsService,
      readonly pages: ConsolePages,
    ) {}

    checkCode(code: string): string {
      if (!CODE_PATTERN.test(code)) throw AppError.notFound(notFoundCode(p.kind), KINDS[p.kind].label);
      return code;
    }

    @Get()
    async list(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>) {
      const q = await pageQuery(PageQueryDto, { limit: '50', ...pick(raw, 'page') });
      const label = KINDS[p.kind].label;
      let rows: Row[];
      let total: number;
      if (p.kind === 'departments') {
        const found = await this.departments.list(q);
        total = found.total;
        rows = found.items.map((d) => ({ code: d.code, name: d.name, cells: [d.kind ?? '', d.inCentre ? '是' : '否', d.phone ?? ''] }));
      } else {
        const found = await this.locations.list(q);
        total = found.total;
        rows = found.items.map((l) => ({ code: l.code, name: l.name, cells: [l.level, l.department?.name ?? '', l.address ?? ''] }));
      }
      this.pages.send(
        req,
        res,
        200,
        label === '部门' ? '部门' : '服务场所',
        { actor, csrf: req.csrfToken },
        <>
          <p>
            <a class="button" href={`/admin/${p.path}/new`}>
              新建{label}
            </a>
          </p>
          <table class="list">
            <caption>
              共 {total} 个（公开的{label}，按编码排序）
            </caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">编码</th>
                {p.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code}>
                  <td>
                    <a href={`/admin/${p.path}/${r.code}`}>{r.name}</a>
                  </td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  {r.cells.map((c, i) => (
                    <td key={i}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={q.page} limit={q.limit} total={total} href={(n) => `/admin/${p.path}?page=${n}`} />
        </>,
      );
    }

    @Get('new')
    newRecord(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
      this.editor(req, res, actor, 200, { form: recordToForm(p.words.def, {}), problems: [] });
    }

    @Post('new')
    async create(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: Form) {
      const form = formToRecord(p.words.def, body, {}, ['code']);
      try {
        await this.reference.save(p.kind, null, await validated(p.dto, form.payload), null, actor);
      } catch (e) {
        if (!shownOnForm(e)) throw e;
        return this.editor(req, res, actor, e.status, { form, problems: problemsOf(e) });
      }
      res.redirect(303, `/admin/${p.path}/${String(form.payload.code)}?saved=1`);
    }

    @Get(':code')
    async edit(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Query('saved') saved?: string) {
      const stored = await this.reference.get(p.kind, this.checkCode(code));
      this.editor(req, res, actor, 200, {
        code,
        form: recordToForm(p.words.def, stored.record),
        problems: [],
        version: stored.version,
        notice: saved ? '已保存并公开。' : undefined,
      });
    }

    @Post(':code')
    async save(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form) {
      const stored = await this.reference.get(p.kind, this.checkCode(code));
      const version = requireVersion(body);
      // The status read with the record is not part of the form (saving publishes, ReferenceDataService.save).
      const { status: _status, ...base } = stored.record;
      const form = formToRecord(p.words.def, body, base, []);
      try {
        await this.reference.save(p.kind, code, await validated(p.dto, form.payload), version, actor);
      } catch (e) {
        if (e instanceof AppError && e.code === 'STALE_VERSION') {
          const now = await this.reference.get(p.kind, code);
          const { status: _s, ...current } = now.record;
          return this.editor(req, res, actor, 409, { code, form, problems: [], version: now.version, conflict: { current, version: now.version } });
        }
        if (!shownOnForm(e)) throw e;
        return this.editor(req, res, actor, e.status, { code, form, problems: problemsOf(e), version });
      }
      res.redirect(303, `/admin/${p.path}/${code}?saved=1`);
    }

    editor(
      req: ConsoleRequest,
      res: Response,
      actor: Actor,
      status: number,
      o: { code?: string; form: RecordForm; problems: Problem[]; version?: number; notice?: string; conflict?: { current: Payload; version: number } },
    ) {
      const label = KINDS[p.kind].label;
      const payload = o.form.payload;
      this.pages.send(
        req,
        res,
        status,
        o.code ? `${label}：${String(payload.name ?? o.code)}` : `新建${label}`,
        { actor, csrf: req.csrfToken },
        <>
          {o.notice && <Notice kind="success">{o.notice}</Notice>}
          {o.conflict && (
            <>
              <Notice kind="warning" alert>
                在您编辑期间，有人保存了更新的版本（当前版本 {o.conflict.version}）。您的修改还没有保存。<a href="#difference">查看差异</a>
              </Notice>
              <h2 id="difference">您的修改与已保存版本的差异</h2>
              <DiffTable changes={diffRecords(o.conflict.current, payload)} before="已保存的版本" after="您的修改" caption="差异" words={p.words} />
              <p>请核对后重新保存（表单保留了您的填写，版本号已更新为最新）。</p>
            </>
          )}
          <p class="meta">
            <a href={`/admin/${p.path}`}>返回列表</a>
          </p>
          <form method="post" action={o.code ? `/admin/${p.path}/${o.code}` : `/admin/${p.path}/new`} novalidate class="editor">
            <Csrf token={req.csrfToken} />
            {o.version !== undefined && <input type="hidden" name="version" value={String(o.version)} />}
            <ErrorSummary problems={o.problems.map((q) => ({ ...q, label: labelOf(q.field, p.words) }))} />
            {o.code ? (
              <p class="meta">
                {p.words.code} <code>{o.code}</code>
              </p>
            ) : (
              <Field
                name="code"
                label={p.words.code}
                hint={p.words.codeHint}
                value={String(payload.code ?? '')}
                error={errorFor(o.problems, 'code')}
                required
              />
            )}
            {p.words.def.sections.map((s, i) => (
              <section key={s.title} aria-labelledby={`sec-${i}`}>
                <h2 id={`sec-${i}`}>{s.title}</h2>
                {s.fields.map((f) => (
                  <Scalar key={f.path} f={f} payload={payload} problems={o.problems} />
                ))}
              </section>
            ))}
            <div class="actions">
              <button type="submit" class="button">
                保存并公开
              </button>
            </div>
          </form>
        </>,
      );
    }
  }
  Object.defineProperty(ReferenceConsoleController, 'name', { value: `${p.path[0].toUpperCase()}${p.path.slice(1)}ConsoleController` });
  return ReferenceConsoleController;
}

export const DepartmentsConsoleController = referenceConsoleController(PAGES.departments);
export const LocationsConsoleController = referenceConsoleController(PAGES.locations);
