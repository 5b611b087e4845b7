import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import { ListMattersQueryDto, MatterDetail, MatterPage } from './service-matter.dto';
import { ServiceMattersService } from './service-matters.service';
import { Access } from '../auth/access.decorator';

@ApiTags('matters 政务服务事项')
@Access('public')
@Controller('api/v1/matters')
export class ServiceMattersPublicController {
  constructor(private readonly service: ServiceMattersService) {}

  @Get()
  list(@Query() q: ListMattersQueryDto): Promise<MatterPage> {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  @ApiGoneResponse({ description: 'MATTER_ARCHIVED：该事项已停止公开，details.archiveReason 为公开原因' })
  get(@Param('idOrCode') idOrCode: string): Promise<MatterDetail> {
    return this.service.get(idOrCode);
  }
}
