import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Type } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { versionFromIfMatch } from '../common/if-match';
import { createValidationPipe } from '../common/validation.pipe';
import { CodeParamDto, DepartmentBodyDto, LocationBodyDto, ReasonDto, ReferenceRecordView } from './workflow.dto';
import { ReferenceDataService, ReferenceKind } from './reference-data.service';

/** Departments and service locations: the system administrator's (organisation structure, no review step). */
function referenceController(kind: ReferenceKind, path: string, tag: string, dto: Type<unknown>) {
  const body = createValidationPipe(dto);

  @ApiTags(tag)
  @Access('sysadmin')
  @ApiConflictResponse({ description: 'STALE_VERSION / CODE_TAKEN / NAME_TAKEN（与已发布的记录重名）' })
  @Controller(`api/v1/admin/${path}`)
  class ReferenceController {
    constructor(readonly service: ReferenceDataService) {}

    @Post()
    @ApiBody({ type: dto })
    create(@Body(body) record: object, @CurrentActor() actor: Actor): Promise<ReferenceRecordView> {
      return this.service.save(kind, null, record, null, actor);
    }

    @Get(':code')
    get(@Param() p: CodeParamDto): Promise<ReferenceRecordView> {
      return this.service.get(kind, p.code);
    }

    @Put(':code')
    @ApiBody({ type: dto })
    update(
      @Param() p: CodeParamDto,
      @Body(body) record: object,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
    ): Promise<ReferenceRecordView> {
      return this.service.save(kind, p.code, record, versionFromIfMatch(ifMatch), actor);
    }

    @Post(':code/archive')
    @HttpCode(204)
    archive(@Param() p: CodeParamDto, @Body() dto: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<void> {
      return this.service.archive(kind, p.code, versionFromIfMatch(ifMatch), dto.reason, actor);
    }
  }
  Object.defineProperty(ReferenceController, 'name', {
    value: `${path[0].toUpperCase()}${path.slice(1).replace(/-./g, (x) => x[1].toUpperCase())}AdminController`,
  });
  return ReferenceController;
}

export const DepartmentsAdminController = referenceController('departments', 'departments', 'admin: departments 部门维护', DepartmentBodyDto);
export const LocationsAdminController = referenceController('locations', 'service-locations', 'admin: service locations 服务场所维护', LocationBodyDto);
