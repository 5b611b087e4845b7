import { BundlePage, BundleResponse } from './bundle.dto';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../common/pagination';
import { BundlesService } from './bundles.service';
import { Access } from '../auth/access.decorator';

@ApiTags('bundles 高效办成一件事')
@Access('public')
@Controller('api/v1/bundles')
export class BundlesPublicController {
  constructor(private readonly service: BundlesService) {}

  @Get()
  list(@Query() q: PageQueryDto): Promise<BundlePage> {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  @ApiGoneResponse({ description: 'BUNDLE_ARCHIVED：该一件事已停止公开，details.archiveReason 为公开原因' })
  get(@Param('idOrCode') idOrCode: string): Promise<BundleResponse> {
    return this.service.get(idOrCode);
  }
}
