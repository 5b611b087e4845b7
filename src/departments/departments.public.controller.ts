import { DepartmentPage, DepartmentDetail } from './department.dto';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListDepartmentsQueryDto } from './department.dto';
import { DepartmentsService } from './departments.service';
import { Access } from '../auth/access.decorator';

@ApiTags('departments 部门')
@Access('public')
@Controller('api/v1/departments')
export class DepartmentsPublicController {
  constructor(private readonly service: DepartmentsService) {}

  @Get()
  list(@Query() q: ListDepartmentsQueryDto): Promise<DepartmentPage> {
    return this.service.list(q);
  }

  @Get(':idOrCode')
  get(@Param('idOrCode') idOrCode: string): Promise<DepartmentDetail> {
    return this.service.get(idOrCode);
  }
}
