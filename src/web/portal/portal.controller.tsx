import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiExcludeController, PickType } from '@nestjs/swagger';
import QRCode from 'qrcode';
import { Access } from '../../auth/access.decorator';
import { BundlesService } from '../../bundles/bundles.service';
import { CORPORATE_LIFE_STAGES, CORPORATE_THEMES, GUIDE_LISTS, PERSONAL_LIFE_STAGES, PERSONAL_THEMES } from '../../code-lists/code-lists';
import { AppError } from '../../common/app-error';
import { CODE_PATTERN, type FieldProblem } from '../../common/validation';
import { createValidationPipe } from '../../common/validation.pipe';
import { AppConfig } from '../../config/app-config';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateFeedbackDto } from '../../feedback/feedback.dto';
import { RECEIPT_PATTERN } from '../../feedback/feedback.entity';
import { FeedbackService } from '../../feedback/feedback.service';
import { GuideEntriesService } from '../../guide-entries/guide-entries.service';
import { ListGuidesQueryDto } from '../../guide-entries/guide-entry.dto';
import { SearchQueryDto, SearchResponse } from '../../search/search.dto';
import { SearchCacheService } from '../../search/search-cache.service';
import { SearchStatsService } from '../../search/search-stats.service';
import { ListLocationsQueryDto, LocationResponse } from '../../service-locations/service-location.dto';
import { ServiceLocationsService } from '../../service-locations/service-locations.service';
import { ListMattersQueryDto } from '../../service-matters/service-matter.dto';
import { ServiceMattersService } from '../../service-matters/service-matters.service';
import { ELDER_COOKIE, localPath, pageContext, pageQuery } from '../page-request';
import { AssetRegistry } from '../ui/assets';
import { renderDocument } from '../ui/document';
import { HomePage } from './pages/home';
import { FeedbackFormState, MatterPage } from './pages/matter';
import { BundlePage, DepartmentPage, GUIDE_LIST_ORDER, GuidePage, GuidesIndexPage, LocationPage } from './pages/pages';
import { FeedbackLookupPage, FeedbackReceiptPage } from './pages/feedback';
import { PrintPage } from './pages/print';
import { SearchPage } from './pages/search';
import { SitemapService } from './sitemap.service';
import { type Here, nearOf, placeGroups } from './places';

const code = (value: string, what = '页面'): string => {
  if (!CODE_PATTERN.test(value)) throw new AppError(404, 'NOT_FOUND', `${what}不存在`);
  return value;
};
const THEME = /^(personal|corporate)-(\d{3})$/;
const LOCATION_PAGE_SIZE = 50;
/** The places a citizen can say they live at: township centres and village / community points. */
const LOCAL_LEVELS = ['乡镇(街道)便民服务中心', '村(社区)代办点'] as const;

/** The portal's search page: the API's parameters plus `place`, the citizen's township or village point (→ near). */
class PortalSearchQuery extends SearchQueryDto {
  @IsOptional()
  @Matches(CODE_PATTERN, { message: '地点编码格式不正确' })
  place?: string;
}

/** The location parameters of a matter page. */
class HereQuery extends PickType(PortalSearchQuery, ['place', 'near'] as const) {}

/** The one parameter of a paged page such as /locations/{code}?page= (anything else is a 400). */
class PageNumberQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是整数' })
  @Min(1, { message: '不能小于 1' })
  @Max(10000, { message: '不能大于 10000' })
  page: number = 1;
}
const EMPTY_RESULT = (q: SearchQueryDto): SearchResponse => ({
  query: '',
  total: 0,
  page: q.page,
  limit: q.limit,
  tookMs: 0,
  degraded: false,
  hits: [],
  facets: {},
  suggestions: [],
});

/**
 * The citizen portal. Thin like the API controllers: each page calls the same services as /api/v1 and renders their
 * response DTOs with a typed component. Public pages are cacheable for a minute (Express adds the ETag and answers
 * If-None-Match with 304); they vary by the 长辈版 cookie.
 */
@ApiExcludeController()
@Access('public')
@Controller()
export class PortalController {
  constructor(
    private readonly cache: SearchCacheService,
    private readonly stats: SearchStatsService,
    private readonly matters: ServiceMattersService,
    private readonly departments: DepartmentsService,
    private readonly locations: ServiceLocationsService,
    private readonly guides: GuideEntriesService,
    private readonly bundles: BundlesService,
    private readonly feedback: FeedbackService,
    private readonly sitemap: SitemapService,
    private readonly assets: AssetRegistry,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [popular, departments, townships, bundles] = await Promise.all([
      this.stats.popular(8),
      this.departments.list({ inCentre: true, page: 1, limit: 100 }),
      this.placeList(),
      this.bundles.list({ page: 1, limit: 24 }),
    ]);
    const asList = (l: Record<string, string>) => Object.entries(l).map(([c, label]) => ({ code: c, label }));
    this.send(
      res,
      renderDocument(
        <HomePage
          ctx={this.ctx(req)}
          data={{
            popular,
            departments: departments.items,
            townships: townships.filter((l) => l.level === LOCAL_LEVELS[0]),
            bundles: bundles.items,
            personalThemes: asList(PERSONAL_THEMES),
            corporateThemes: asList(CORPORATE_THEMES),
            personalStages: PERSONAL_LIFE_STAGES,
            corporateStages: CORPORATE_LIFE_STAGES,
          }}
        />,
      ),
    );
  }

  @Get('search')
  async results(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { place, ...query } = await pageQuery(PortalSearchQuery, raw);
    const filtered = Boolean(
      query.q?.trim() ||
      query.department ||
      query.type ||
      query.object ||
      query.theme ||
      query.lifeStage ||
      query.nearby !== undefined ||
      query.online !== undefined ||
      query.kind,
    );
    const [here, places] = await Promise.all([this.here(place, query.near), this.placeList()]);
    const result = filtered ? await this.cache.search({ ...query, near: here?.near } as SearchQueryDto) : EMPTY_RESULT(query as SearchQueryDto);
    const centre = result.total === 0 && filtered ? await this.centre() : null;
    this.send(
      res,
      renderDocument(
        <SearchPage ctx={this.ctx(req)} data={{ query: { ...query, place } as PortalSearchQuery, result, centre, here, places: placeGroups(places) }} />,
      ),
      filtered ? 'short' : 'public',
    );
  }

  @Get('themes/:code')
  async theme(@Param('code') themeCode: string, @Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = THEME.exec(themeCode);
    const name = m && (m[1] === 'personal' ? PERSONAL_THEMES : CORPORATE_THEMES)[m[2]];
    if (!name) throw new AppError(404, 'THEME_NOT_FOUND', '主题不存在');
    const { place, ...query } = await pageQuery(PortalSearchQuery, { ...raw, theme: name, object: raw.object ?? m![1] });
    const [here, places] = await Promise.all([this.here(place, query.near), this.placeList()]);
    const result = await this.cache.search({ ...query, near: here?.near } as SearchQueryDto);
    const centre = result.total === 0 ? await this.centre() : null;
    const group = m![1] === 'personal' ? '个人办事' : '法人办事';
    this.send(
      res,
      renderDocument(
        <SearchPage
          ctx={this.ctx(req)}
          data={{
            query: { ...query, place } as PortalSearchQuery,
            result,
            centre,
            here,
            places: placeGroups(places),
            theme: { name: `${group}：${name}`, path: `/themes/${themeCode}` },
          }}
        />,
      ),
    );
  }

  /** The guide; with `place` (a township or village point) or `near` (the browser's position) its nearest places first. */
  @Get('matters/:code')
  async matter(@Param('code') c: string, @Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    // only the two location parameters are read (and validated); anything else on a shared link is ignored as before
    const { place, near } = await pageQuery(HereQuery, { place: raw.place, near: raw.near });
    this.send(res, await this.matterPage(req, code(c, '事项'), undefined, { place, near }));
  }

  @Get('matters/:code/print')
  async print(@Param('code') c: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const matter = await this.matters.get(code(c, '事项'));
    const qrSvg = await QRCode.toString(`${this.config.publicUrl}/matters/${matter.code}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    this.send(res, renderDocument(<PrintPage ctx={this.ctx(req)} matter={matter} qrSvg={qrSvg} />));
  }

  /** Both feedback forms post here; errors come back on the matter page (400) with an error summary. */
  @Post('matters/:code/feedback')
  @HttpCode(303)
  async postFeedback(@Param('code') c: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const matterCode = code(c, '事项');
    const kind = body?.kind === 'report' ? 'report' : body?.kind === 'rating' ? 'rating' : null;
    if (!kind) throw AppError.badRequest('kind', '请从事项页面的表单提交');
    const fields = ['rating', 'problem', 'comment', 'phone'];
    const values = Object.fromEntries(fields.filter((f) => typeof body[f] === 'string' && body[f] !== '').map((f) => [f, body[f] as string]));
    let dto: CreateFeedbackDto;
    try {
      dto = (await createValidationPipe().transform({ ...values, kind, matterCode }, { type: 'body', metatype: CreateFeedbackDto })) as CreateFeedbackDto;
    } catch (e) {
      if (!(e instanceof AppError) || !Array.isArray(e.details)) throw e;
      const state: FeedbackFormState = {
        kind,
        values,
        // one message per field (a bad rating breaks several rules that all say the same)
        errors: (e.details as FieldProblem[])
          .map((p) => ({ field: fields.includes(p.field) ? `${kind}-${p.field}` : `${kind}-comment`, message: p.message }))
          .filter((p, i, all) => all.findIndex((q) => q.field === p.field) === i),
      };
      this.send(res.status(400), await this.matterPage(req, matterCode, state), 'none');
      return;
    }
    const created = await this.feedback.create(dto);
    res.setHeader('Cache-Control', 'no-store');
    // #main: the form's own #feedback fragment would otherwise carry over to the redirect target.
    res.redirect(303, `/feedback/${created.receipt}?sent=1#main`);
  }

  /** 查询处理进度: a GET form for a receipt code written down earlier (→ /feedback/{receipt}). */
  @Get('feedback')
  async feedbackLookup(@Query('receipt') raw: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const receipt = typeof raw === 'string' ? raw.replace(/[\s-]/g, '').toUpperCase() : '';
    let error: string | undefined;
    if (receipt) {
      if (RECEIPT_PATTERN.test(receipt)) {
        res.setHeader('Cache-Control', 'no-store');
        return res.redirect(303, `/feedback/${receipt}`);
      }
      error = '回执码是 12 位字母和数字，请核对后再试';
    }
    this.send(
      res.status(error ? 400 : 200),
      renderDocument(<FeedbackLookupPage ctx={this.ctx(req)} value={typeof raw === 'string' ? raw : ''} error={error} />),
      'none',
    );
  }

  /** One item by its receipt: status and the department's answer (no personal data); after a post also "提交成功". */
  @Get('feedback/:receipt')
  async feedbackStatus(@Param('receipt') receipt: string, @Query('sent') sent: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const item = await this.feedback.byReceipt(receipt);
    this.send(res, renderDocument(<FeedbackReceiptPage ctx={this.ctx(req)} item={item} sent={sent === '1'} privacy={this.feedback.privacyNotice()} />), 'none');
  }

  @Get('departments/:code')
  async department(@Param('code') c: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const department = await this.departments.get(code(c, '部门'));
    const [places, ...lists] = await Promise.all([
      this.locations.list({ departmentCode: department.code, page: 1, limit: 100 }),
      ...GUIDE_LIST_ORDER.map((list) => this.guides.list({ list, departmentCode: department.code, page: 1, limit: 30 } as ListGuidesQueryDto)),
    ]);
    this.send(
      res,
      renderDocument(
        <DepartmentPage
          ctx={this.ctx(req)}
          data={{ department, places: places.items, lists: GUIDE_LIST_ORDER.map((list, i) => ({ list, label: GUIDE_LISTS[list], page: lists[i] })) }}
        />,
      ),
    );
  }

  @Get('guides')
  async guideIndex(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const q = await pageQuery(ListGuidesQueryDto, { ...raw, limit: raw.limit ?? '20' });
    const [page, ...totals] = await Promise.all([
      this.guides.list(q),
      ...GUIDE_LIST_ORDER.map((list) => this.guides.list({ list, departmentCode: q.departmentCode, page: 1, limit: 1 } as ListGuidesQueryDto)),
    ]);
    if (q.page > 1 && page.items.length === 0) throw new AppError(404, 'PAGE_OUT_OF_RANGE', '页码超出范围');
    this.send(
      res,
      renderDocument(
        <GuidesIndexPage
          ctx={this.ctx(req)}
          list={q.list}
          label={q.list ? GUIDE_LISTS[q.list] : '全部条目'}
          page={page}
          departmentCode={q.departmentCode}
          counts={GUIDE_LIST_ORDER.map((list, i) => ({ list, label: GUIDE_LISTS[list], total: totals[i].total }))}
        />,
      ),
    );
  }

  @Get('guides/:code')
  async guide(@Param('code') c: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const guide = await this.guides.get(code(c, '指南条目'));
    this.send(res, renderDocument(<GuidePage ctx={this.ctx(req)} guide={guide} />));
  }

  @Get('bundles/:code')
  async bundle(@Param('code') c: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const bundle = await this.bundles.get(code(c, '一件事'));
    this.send(res, renderDocument(<BundlePage ctx={this.ctx(req)} bundle={bundle} />));
  }

  /** 服务场所: the place, and the matters handled there (as 办理地点 or 就近办 point) by department, 50 a page. */
  @Get('locations/:code')
  async location(@Param('code') c: string, @Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { page } = await pageQuery(PageNumberQuery, raw);
    const location = await this.locations.get(code(c, '服务场所'));
    const matters = await this.matters.list({ locationCode: location.code, page, limit: LOCATION_PAGE_SIZE } as ListMattersQueryDto);
    if (page > 1 && matters.items.length === 0) throw new AppError(404, 'PAGE_OUT_OF_RANGE', '页码超出范围');
    this.send(res, renderDocument(<LocationPage ctx={this.ctx(req)} location={location} matters={matters} />));
  }

  /** 长辈版 on / off: kept in a cookie, applied by the server on every page; back to where the visitor was. */
  @Post('elder')
  elder(@Body() body: Record<string, unknown>, @Res() res: Response): void {
    const on = body?.on === '1';
    res.cookie(ELDER_COOKIE, on ? '1' : '0', { path: '/', maxAge: 365 * 86_400_000, sameSite: 'lax', httpOnly: true });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, localPath(body?.back));
  }

  @Get('sitemap.xml')
  async sitemapXml(@Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('application/xml').send(await this.sitemap.xml());
  }

  @Get('robots.txt')
  robots(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res
      .type('text/plain')
      .send(
        `User-agent: *\nDisallow: /search\nDisallow: /admin\nDisallow: /api/\nDisallow: /matters/*/print\nDisallow: /feedback\nSitemap: ${this.config.publicUrl}/sitemap.xml\n`,
      );
  }

  private async matterPage(req: Request, matterCode: string, feedback?: FeedbackFormState, at: { place?: string; near?: string } = {}): Promise<string> {
    const [matter, guides, here] = await Promise.all([
      this.matters.get(matterCode),
      this.guides.list({ matterCode, page: 1, limit: 20 } as ListGuidesQueryDto),
      this.here(at.place, at.near),
    ]);
    // the place choice is offered only where there is a choice: matters also handled at township / village points
    const places = matter.nearbyLocations.length ? placeGroups(await this.placeList()) : [];
    return renderDocument(
      <MatterPage ctx={this.ctx(req)} data={{ matter, guides: guides.items, privacy: this.feedback.privacyNotice(), feedback, here, places }} />,
    );
  }

  /**
   * Where the citizen is: a chosen township / village point (`place`, kept in the URL) or the browser's position
   * (`near`, from "用我的位置"). An unknown place is a 400; a position wins over a place when both are sent.
   */
  private async here(place: string | undefined, near: string | undefined): Promise<Here | null> {
    if (near) return { near, label: '您的位置' };
    if (!place) return null;
    const point = (await this.placeList()).find((p) => p.code === place);
    if (!point) throw AppError.badRequest('place', '没有这个乡镇（街道）或村（社区）');
    return { near: nearOf(point), label: point.name, place: point.code };
  }

  /**
   * The township centres and village / community points (for "您在哪里" and the home page). Every search page shows the
   * list; the location service's reads are memoised per instance until the next catalogue commit (CatalogueReadCache).
   */
  private async placeList(): Promise<LocationResponse[]> {
    const lists = await Promise.all(LOCAL_LEVELS.map((level) => this.locations.list({ level, page: 1, limit: 100 } as ListLocationsQueryDto)));
    return lists.flatMap((p) => p.items);
  }

  private async centre() {
    return (await this.locations.list({ level: '市政务服务中心', page: 1, limit: 1 })).items[0] ?? null;
  }

  private ctx(req: Request) {
    return pageContext(req, this.assets, this.config);
  }

  /** public: a minute like the API; short: searches (10 s); none: personal answers (form errors, receipts). */
  private send(res: Response, html: string, cache: 'public' | 'short' | 'none' = 'public'): void {
    res.setHeader('Cache-Control', cache === 'public' ? 'public, max-age=60' : cache === 'short' ? 'public, max-age=10' : 'no-store');
    res.setHeader('Vary', 'Cookie');
    res.type('html').send(html);
  }
}
