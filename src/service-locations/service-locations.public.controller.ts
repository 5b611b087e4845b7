import { LocationPage, LocationResponse } from './service-location.dto';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListLocationsQueryDto } from './service-location.dto';
import { ServiceLocationsService } from './service-locations.service';
import { Access } from '../auth/access.decorator';

@ApiTags('locations 服务场所')
@Access('public')
@Controller('api/v1/locations')
export class ServiceLocationsPublicController {
  constructor(private readonly service: ServiceLocationsService) {}

  @Get()
  list(@Query() q: ListLocationsQueryDto): Promise<LocationPage> {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  get(@Param('idOrCode') idOrCode: string): Promise<LocationResponse> {
    return this.service.get(idOrCode);
  }
}
