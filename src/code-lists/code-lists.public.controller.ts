import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CatalogueStatsService } from './catalogue-stats.service';
import { CatalogueStats, CodeListsResponse, ThemesResponse } from './code-lists.dto';
import { ALL_CODE_LISTS, CORPORATE_LIFE_STAGES, CORPORATE_THEMES, PERSONAL_LIFE_STAGES, PERSONAL_THEMES } from './code-lists';
import { Access } from '../auth/access.decorator';

const asList = (list: Record<string, string>) => Object.entries(list).map(([code, label]) => ({ code, label }));

@ApiTags('reference 代码表与统计')
@Access('public')
@Controller('api/v1')
export class CodeListsPublicController {
  constructor(private readonly statsService: CatalogueStatsService) {}

  /** National theme lists (个人 / 法人) and life-cycle stages. */
  @Get('themes')
  themes(): ThemesResponse {
    return {
      personal: asList(PERSONAL_THEMES),
      corporate: asList(CORPORATE_THEMES),
      lifeStages: { personal: [...PERSONAL_LIFE_STAGES], corporate: [...CORPORATE_LIFE_STAGES] },
    };
  }

  @Get('code-lists')
  codeLists(): CodeListsResponse {
    // Object.fromEntries loses the keys' names; CodeListsResponse lists them (the keys of ALL_CODE_LISTS).
    return Object.fromEntries(
      Object.entries(ALL_CODE_LISTS).map(([name, list]) => [
        name,
        Array.isArray(list) ? list.map((v) => ({ code: v, label: v })) : asList(list as Record<string, string>),
      ]),
    ) as unknown as CodeListsResponse;
  }

  /** Published counts: for the demo data 968 matters, 186 nearby, 1528 guide entries. */
  @Get('stats')
  stats(): Promise<CatalogueStats> {
    return this.statsService.stats();
  }
}
