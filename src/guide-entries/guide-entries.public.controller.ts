import { GuidePage, GuideResponse } from './guide-entry.dto';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import { ListGuidesQueryDto } from './guide-entry.dto';
import { GuideEntriesService } from './guide-entries.service';
import { Access } from '../auth/access.decorator';

@ApiTags('guides 办事不找关系指南')
@Access('public')
@Controller('api/v1/guides')
export class GuideEntriesPublicController {
  constructor(private readonly service: GuideEntriesService) {}

  @Get()
  list(@Query() q: ListGuidesQueryDto): Promise<GuidePage> {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  @ApiGoneResponse({ description: 'GUIDE_ARCHIVED：该指南条目已停止公开，details.archiveReason 为公开原因' })
  get(@Param('idOrCode') idOrCode: string): Promise<GuideResponse> {
    return this.service.get(idOrCode);
  }
}
