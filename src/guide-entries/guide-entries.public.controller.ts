import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListGuidesQueryDto } from './guide-entry.dto';
import { GuideEntriesService } from './guide-entries.service';
import { Access } from '../auth/access.decorator';

@ApiTags('guides 办事不找关系指南')
@Access('public')
@Controller('api/v1/guides')
export class GuideEntriesPublicController {
  constructor(private readonly service: GuideEntriesService) {}

  @Get()
  list(@Query() q: ListGuidesQueryDto) {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  get(@Param('idOrCode') idOrCode: string) {
    return this.service.get(idOrCode);
  }
}
