import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import { rolesFor } from '../auth/permission-matrix';
import type { Actor } from '../auth/actor';
import { UuidParam } from '../common/uuid-param';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('admin: api keys 接口密钥')
/** Issued and revoked by the security administrator: a key with read:drafts or write:import acts for departments. */
@Access(...rolesFor('manage-api-keys'))
@Controller('api/v1/admin/api-keys')
export class ApiKeysAdminController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: '全部密钥（不含密钥本身）及使用次数、最近使用时间' })
  list(): Promise<ApiKeyResponse[]> {
    return this.keys.list();
  }

  @Post()
  @ApiOperation({ summary: '为一个接入系统创建密钥；响应中的 key 只显示这一次' })
  create(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKeyResponse> {
    return this.keys.create(dto, actor);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: '吊销密钥（立即生效；其他实例在 5 秒内生效）' })
  revoke(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<ApiKeyResponse> {
    return this.keys.revoke(id, actor);
  }
}
