import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { queryKey } from './query-understanding';
import { SearchClickDto, SearchQueryDto, SearchResponse, SuggestQueryDto, SuggestResponse } from './search.dto';
import { SearchService } from './search.service';
import { SearchCacheService } from './search-cache.service';
import { SearchStatsService } from './search-stats.service';
import { Access } from '../auth/access.decorator';

@ApiTags('search 搜索')
@Access('public')
@Controller('api/v1/search')
export class SearchPublicController {
  constructor(
    private readonly search: SearchService,
    private readonly cache: SearchCacheService,
    private readonly stats: SearchStatsService,
  ) {}

  /**
   * Matters, guide entries and bundles (published only), with facets and highlights unless `facets=false` /
   * `highlight=false`; empty q with filters browses. Repeated searches are answered from a cache that every index
   * change invalidates.
   */
  @Get()
  async find(@Query() q: SearchQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SearchResponse> {
    // A repeat of the same URL never reaches this method (SearchCacheService#fastPath); other spellings of it do.
    const { response, etag } = await this.cache.answer(q, req.originalUrl);
    // the cached entry's tag, as the fast path sends it (Express then answers If-None-Match with 304 itself)
    if (etag) res.setHeader('ETag', etag);
    return response;
  }

  /** Type-ahead: at most 10 matter names. */
  @Get('suggest')
  suggest(@Query() q: SuggestQueryDto): Promise<SuggestResponse> {
    return this.search.suggest(q.q);
  }

  /** A citizen opened a result: counts toward the low-click report (query text only). */
  @Post('click')
  @HttpCode(204)
  click(@Body() body: SearchClickDto): void {
    this.stats.recordClick(queryKey(body.q));
  }
}
