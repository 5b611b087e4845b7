import {
  ArgumentsHost,
  Body,
  CallHandler,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Get,
  Injectable,
  NestInterceptor,
  Post,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { Access, CurrentActor } from '../../auth/access.decorator';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../common/app-error';
import { findBadInput } from '../../common/input-guard';
import { SpooledUpload, Upload, UploadInterceptor } from '../../common/upload.interceptor';
import { KINDS } from '../../exchange/catalogue-kinds';
import { buildSpreadsheetTemplate, XLSX_CONTENT_TYPE } from '../../exchange/spreadsheet';
import { BulkImportReport, CatalogueImportService } from '../../workflow/catalogue-import.service';
import { ImportBatchesService } from '../../workflow/import-batches.service';
import { ConsoleErrorFilter } from './console-error.filter';
import { checkCsrf, ConsoleRequest } from './console-http';
import { text } from './console-forms';
import { ConsolePages, Csrf, ErrorSummary, Notice } from './layout';

type Mode = 'check' | 'draft' | 'submit';
const MODES: [Mode, string, string][] = [
  ['check', '只检查，不导入', '逐格报告问题，不写入任何数据（建议先做这一步）'],
  ['draft', '导入为草稿', '事项、指南条目、一件事写成草稿，之后在“我的工作”中修改、提交'],
  ['submit', '导入并提交审核', '写成草稿并一起提交审核；提交前的完整性检查（材料、地点、时限、电话）也会逐条报告'],
];

/** One problem of a report: a cell of a sheet (XLSX, CSV) or a record's field (JSON). */
interface ReportProblem {
  sheet?: string;
  row?: number;
  column?: string;
  header?: string;
  value?: string;
  record?: string;
  field?: string;
  message: string;
}

/**
 * The upload's form fields (`_csrf`, `mode`) are read by multer in UploadInterceptor, after the guard; this runs
 * next and applies the console's CSRF and bad-input checks to them (console-http.ts lets the multipart body through
 * for CONSOLE_UPLOAD_ROUTES only).
 */
@Injectable()
export class ConsoleUploadCsrf implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bad = findBadInput(body);
    if (bad) throw AppError.badRequest(bad.field, bad.message);
    const refused = checkCsrf(body, req.csrfToken);
    if (refused) throw refused;
    return next.handle();
  }
}

/** Upload refusals (no file, too large, not a form with one file) show the wizard again with the message at the field. */
@Catch()
export class ImportWizardFilter implements ExceptionFilter {
  private static readonly CODES = ['FILE_MISSING', 'UPLOAD_INVALID', 'FILE_TOO_LARGE'];

  private readonly fallback: ConsoleErrorFilter;

  constructor(private readonly pages: ConsolePages) {
    this.fallback = new ConsoleErrorFilter(pages);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest & { actor?: Actor }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!(exception instanceof AppError) || !ImportWizardFilter.CODES.includes(exception.code) || !req.actor || res.headersSent) {
      return this.fallback.catch(exception, host);
    }
    const message = exception.code === 'FILE_TOO_LARGE' ? exception.message : '请选择要导入的文件（XLSX、CSV 或 JSON），每次一个';
    const posted = text((req.body as Record<string, unknown> | undefined)?.mode);
    sendWizard(this.pages, req, res, req.actor, exception.status, { fileError: message, mode: MODES.find(([m]) => m === posted)?.[0] });
  }
}

/**
 * The spreadsheet import wizard: download the template, upload a file from an ordinary form (multipart, no
 * JavaScript), read the dry-run report grouped by sheet with row, column, value and the Chinese message, fix and
 * upload again, then import as drafts (optionally submitted) and go to the review queue filtered to this import.
 * Every step is CatalogueImportService.importUpload — the service POST /api/v1/admin/import calls — so the rules,
 * the permission checks (own departments; reference data for the system administrator), the 1,000-problem cap and
 * the audit trail are the API's.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorFilter)
@Controller('admin/import')
export class ImportConsoleController {
  constructor(
    private readonly imports: CatalogueImportService,
    private readonly batches: ImportBatchesService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  @Access('editor', 'sysadmin')
  wizard(@Req() req: ConsoleRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    sendWizard(this.pages, req, res, actor, 200, {});
  }

  /** The template (the API's GET /api/v1/admin/import/template.xlsx, reachable with the console's session). */
  @Get('template.xlsx')
  @Access('editor', 'reviewer', 'sysadmin')
  async template(@Res() res: Response) {
    const file = await buildSpreadsheetTemplate();
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="banshi-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('办事事项导入模板.xlsx')}`);
    res.end(file);
  }

  @Post()
  @Access('editor', 'sysadmin')
  @UseInterceptors(UploadInterceptor, ConsoleUploadCsrf)
  @UseFilters(ImportWizardFilter)
  async upload(
    @Req() req: ConsoleRequest & { id?: string },
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Upload() file: SpooledUpload,
    @Body() body: Record<string, unknown>,
  ) {
    const mode = text(body.mode) as Mode;
    if (!MODES.some(([m]) => m === mode)) return sendWizard(this.pages, req, res, actor, 400, { modeError: '请选择检查还是导入' });
    let report: BulkImportReport;
    try {
      report = await this.imports.importUpload(file, { dryRun: mode === 'check', submit: mode === 'submit' }, actor);
    } catch (e) {
      // Problems in the file (cells, records, departments outside the editor's scope) are the report, not an error page.
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 401 || (e.status === 403 && e.code !== 'IMPORT_FORBIDDEN')) throw e;
      const details = (e.details ?? {}) as { problems?: ReportProblem[]; omitted?: number };
      return sendWizard(this.pages, req, res, actor, e.status, {
        mode,
        filename: file.filename,
        refused: { message: e.message, code: e.code, problems: Array.isArray(details.problems) ? details.problems : [], omitted: details.omitted ?? 0 },
      });
    }
    const batch = report.dryRun || !req.id ? null : await this.batches.byRequest(req.id);
    sendWizard(this.pages, req, res, actor, 200, { mode: report.dryRun ? 'draft' : mode, filename: file.filename, report, batchId: batch?.id });
  }
}

interface WizardState {
  mode?: Mode;
  filename?: string;
  fileError?: string;
  modeError?: string;
  report?: BulkImportReport;
  batchId?: string;
  refused?: { message: string; code: string; problems: ReportProblem[]; omitted: number };
}

function sendWizard(pages: ConsolePages, req: ConsoleRequest, res: Response, actor: Actor, status: number, s: WizardState): void {
  const done = s.report && !s.report.dryRun;
  const title = s.refused ? '导入检查：文件有问题' : s.report ? (done ? '导入完成' : '导入检查：没有发现问题') : '批量导入';
  pages.send(
    req,
    res,
    status,
    title,
    { actor, csrf: req.csrfToken },
    <>
      {s.refused && <Refused refused={s.refused} filename={s.filename} />}
      {s.report && <Result report={s.report} filename={s.filename} batchId={s.batchId} />}
      {!done && (
        <>
          {!s.report && !s.refused && (
            <section aria-labelledby="step-1">
              <h2 id="step-1">第一步：下载模板，填写</h2>
              <p>
                <a href="/admin/import/template.xlsx" class="button secondary" download>
                  下载 Excel 导入模板
                </a>
              </p>
              <p class="muted">
                模板每类记录一张表，必填列标有 *，编码列有下拉选项；灰色示例行导入前请删除。也可以上传 CSV（一张表）或交换格式 JSON。
                填写规则见“填写说明”工作表。
              </p>
            </section>
          )}
          <UploadForm state={s} csrf={req.csrfToken} />
        </>
      )}
    </>,
  );
}

function UploadForm({ state: s, csrf }: { state: WizardState; csrf?: string }) {
  const again = !!(s.report || s.refused);
  const problems = [
    ...(s.fileError ? [{ field: 'file', message: s.fileError, label: '文件' }] : []),
    ...(s.modeError ? [{ field: 'mode', message: s.modeError, label: '导入方式' }] : []),
  ];
  const mode = s.mode ?? 'check';
  return (
    <section aria-labelledby="upload-h">
      <h2 id="upload-h">{again ? (s.report ? '下一步：正式导入' : '修改后重新上传') : '第二步：上传文件'}</h2>
      <ErrorSummary problems={problems} />
      {again && <p>浏览器不会保留上次选择的文件，请再次选择{s.refused ? '修改后的' : '同一个'}文件。</p>}
      {/* multipart: the only console form that posts a file; its _csrf is checked after the upload is read (ConsoleUploadCsrf) */}
      <form method="post" action="/admin/import" enctype="multipart/form-data" novalidate>
        <Csrf token={csrf} />
        <div class={`field${s.fileError ? ' field-invalid' : ''}`}>
          <label for="f-file">文件（.xlsx、.csv 或 .json）</label>
          {s.fileError && (
            <p class="field-error" id="f-file-error">
              <span class="visually-hidden">错误：</span>
              {s.fileError}
            </p>
          )}
          <input
            type="file"
            id="f-file"
            name="file"
            accept=".xlsx,.csv,.json,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={s.fileError ? 'true' : undefined}
            aria-describedby={s.fileError ? 'f-file-error' : undefined}
          />
        </div>
        <fieldset class={`field${s.modeError ? ' field-invalid' : ''}`} id="f-mode">
          <legend>导入方式</legend>
          {s.modeError && <p class="field-error">{s.modeError}</p>}
          {MODES.map(([value, label, hint]) => (
            <div class="field checkbox" key={value}>
              <input type="radio" id={`mode-${value}`} name="mode" value={value} checked={mode === value} aria-describedby={`mode-${value}-hint`} />
              <label for={`mode-${value}`}>{label}</label>
              <p class="hint" id={`mode-${value}-hint`}>
                {hint}
              </p>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button">
          上传
        </button>
      </form>
    </section>
  );
}

function Result({ report, filename, batchId }: { report: BulkImportReport; filename?: string; batchId?: string }) {
  const rows = Object.entries(report.counts) as [keyof typeof KINDS, { total: number; created: number; updated: number; unchanged: number }][];
  return (
    <>
      <Notice kind="success">
        {report.dryRun
          ? `“${filename ?? '文件'}”检查通过，没有发现问题。还没有写入任何数据。`
          : `“${filename ?? '文件'}”已导入${report.submitted ? `，其中 ${report.submitted} 条已提交审核` : ''}。`}
      </Notice>
      <table class="list">
        <caption>{report.dryRun ? '导入后将会' : '本次导入'}</caption>
        <thead>
          <tr>
            <th scope="col">类型</th>
            <th scope="col">文件中</th>
            <th scope="col">新增</th>
            <th scope="col">修改</th>
            <th scope="col">没有变化</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([kind, c]) => (
            <tr key={kind}>
              <td>{KINDS[kind].label}</td>
              <td>{c.total}</td>
              <td>{c.created}</td>
              <td>{c.updated}</td>
              <td>{c.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!report.dryRun && (
        <p>
          {report.submitted > 0 && batchId && (
            <a class="button" href={`/admin/review?import=${batchId}`}>
              去待审核查看本次导入的记录
            </a>
          )}
          <a class="button secondary" href="/admin/work">
            我的工作
          </a>
          <a class="button secondary" href="/admin/import">
            再导入一个文件
          </a>
        </p>
      )}
    </>
  );
}

/** The report of a refused file, grouped by sheet (spreadsheets) or listed by record (JSON), each line a cell. */
function Refused({ refused, filename }: { refused: NonNullable<WizardState['refused']>; filename?: string }) {
  const bySheet = new Map<string, ReportProblem[]>();
  for (const p of refused.problems) {
    const key = p.sheet ?? '';
    bySheet.set(key, [...(bySheet.get(key) ?? []), p]);
  }
  return (
    <>
      <Notice kind="warning" alert>
        <strong>{filename ? `“${filename}”：` : ''}</strong>
        {refused.message}
        {refused.problems.length > 0 && '。按下面的报告修改文件后重新上传。'}
      </Notice>
      {refused.omitted > 0 && (
        <p>
          报告列出了前 {refused.problems.length} 个问题，另有 {refused.omitted} 个未列出。
        </p>
      )}
      {[...bySheet].map(([sheet, list], i) =>
        sheet ? (
          <table class="list report" key={sheet}>
            <caption>
              工作表“{sheet}”：{list.length} 个问题
            </caption>
            <thead>
              <tr>
                <th scope="col">行</th>
                <th scope="col">列</th>
                <th scope="col">表头</th>
                <th scope="col">单元格的值</th>
                <th scope="col">问题</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p, j) => (
                <tr key={j}>
                  <td>{p.row ?? ''}</td>
                  <td>{p.column ?? ''}</td>
                  <td>{p.header ?? p.field ?? ''}</td>
                  <td>{p.value ? <code>{p.value}</code> : ''}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table class="list report" key={`records-${i}`}>
            <caption>
              {bySheet.size > 1 ? '整个文件或记录' : '问题'}：{list.length} 个
            </caption>
            <thead>
              <tr>
                <th scope="col">记录</th>
                <th scope="col">字段</th>
                <th scope="col">问题</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p, j) => (
                <tr key={j}>
                  <td>{p.record ?? ''}</td>
                  <td>{p.field ?? ''}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </>
  );
}
