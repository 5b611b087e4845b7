import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../common/pagination';
import { BundlesService } from './bundles.service';
import { Access } from '../auth/access.decorator';

@ApiTags('bundles 高效办成一件事')
@Access('public')
@Controller('api/v1/bundles')
export class BundlesPublicController {
  constructor(private readonly service: BundlesService) {}

  @Get()
  list(@Query() q: PageQueryDto) {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  get(@Param('idOrCode') idOrCode: string) {
    return this.service.get(idOrCode);
  }
}
