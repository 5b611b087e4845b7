import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../common/admin-token.guard';
import { SearchAdminService } from './search-admin.service';
import { SearchStatsService } from './search-stats.service';
import { BestBetDto, IdParamDto, ReportQueryDto, SynonymDto } from './synonym.dto';

@ApiTags('admin: search 搜索管理')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('api/v1/admin/search')
export class SearchAdminController {
  constructor(
    private readonly admin: SearchAdminService,
    private readonly stats: SearchStatsService,
  ) {}

  @Get('synonyms')
  listSynonyms() {
    return this.admin.listSynonyms();
  }

  @Post('synonyms')
  createSynonym(@Body() dto: SynonymDto) {
    return this.admin.createSynonym(dto);
  }

  @Put('synonyms/:id')
  updateSynonym(@Param() p: IdParamDto, @Body() dto: SynonymDto) {
    return this.admin.updateSynonym(p.id, dto);
  }

  @Delete('synonyms/:id')
  @HttpCode(204)
  deleteSynonym(@Param() p: IdParamDto) {
    return this.admin.deleteSynonym(p.id);
  }

  @Get('best-bets')
  listBestBets() {
    return this.admin.listBestBets();
  }

  @Post('best-bets')
  createBestBet(@Body() dto: BestBetDto) {
    return this.admin.createBestBet(dto);
  }

  @Delete('best-bets/:id')
  @HttpCode(204)
  deleteBestBet(@Param() p: IdParamDto) {
    return this.admin.deleteBestBet(p.id);
  }

  /** Top queries citizens could not find (kind=zero) or did not click (kind=low-click). */
  @Get('reports')
  report(@Query() q: ReportQueryDto) {
    return this.stats.report(q.kind, q.limit);
  }
}
