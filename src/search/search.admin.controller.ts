import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { SearchAdminService } from './search-admin.service';
import { SearchStatsService } from './search-stats.service';
import { BestBetDto, BestBetView, IdParamDto, ReportQueryDto, SearchReportRow, SynonymDto, SynonymView } from './synonym.dto';

@ApiTags('admin: search 搜索管理')
@Access('reviewer')
@Controller('api/v1/admin/search')
export class SearchAdminController {
  constructor(
    private readonly admin: SearchAdminService,
    private readonly stats: SearchStatsService,
  ) {}

  @Get('synonyms')
  listSynonyms(): Promise<SynonymView[]> {
    return this.admin.listSynonyms();
  }

  @Post('synonyms')
  createSynonym(@Body() dto: SynonymDto, @CurrentActor() actor: Actor): Promise<SynonymView> {
    return this.admin.createSynonym(dto, actor);
  }

  @Put('synonyms/:id')
  updateSynonym(@Param() p: IdParamDto, @Body() dto: SynonymDto, @CurrentActor() actor: Actor): Promise<SynonymView> {
    return this.admin.updateSynonym(p.id, dto, actor);
  }

  @Delete('synonyms/:id')
  @HttpCode(204)
  deleteSynonym(@Param() p: IdParamDto, @CurrentActor() actor: Actor) {
    return this.admin.deleteSynonym(p.id, actor);
  }

  @Get('best-bets')
  listBestBets(): Promise<BestBetView[]> {
    return this.admin.listBestBets();
  }

  @Post('best-bets')
  createBestBet(@Body() dto: BestBetDto, @CurrentActor() actor: Actor): Promise<BestBetView> {
    return this.admin.createBestBet(dto, actor);
  }

  @Delete('best-bets/:id')
  @HttpCode(204)
  deleteBestBet(@Param() p: IdParamDto, @CurrentActor() actor: Actor) {
    return this.admin.deleteBestBet(p.id, actor);
  }

  /** Top queries citizens could not find (kind=zero) or did not click (kind=low-click). */
  @Get('reports')
  report(@Query() q: ReportQueryDto): Promise<SearchReportRow[]> {
    return this.stats.report(q.kind, q.limit);
  }
}
