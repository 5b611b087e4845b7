import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/actor';
import { UuidParam } from '../common/uuid-param';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  ListWebhooksQueryDto,
  ReplayResultDto,
  WebhookDeadLetterPageDto,
  WebhookDto,
  WebhookPageDto,
} from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('admin: webhooks 变更推送')
@Access('secadmin')
@Controller('api/v1/admin/webhooks')
export class WebhooksAdminController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: '全部推送订阅，含积压、失败次数和死信数' })
  list(@Query() q: ListWebhooksQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(q);
  }

  @Post()
  @ApiOperation({ summary: '为一个 API 密钥创建推送订阅；响应中的签名密钥 secret 只显示这一次' })
  create(@Body() dto: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<CreatedWebhookDto> {
    return this.webhooks.create(dto, actor);
  }

  @Get(':id')
  get(@Param('id', UuidParam) id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '暂停推送（游标保留，恢复后从原处继续）' })
  disable(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.setEnabled(id, false, actor);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.setEnabled(id, true, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.webhooks.remove(id, actor);
  }

  @Get(':id/dead-letters')
  @ApiOperation({ summary: '重试用尽后搁置的推送批次（死信）' })
  deadLetters(@Param('id', UuidParam) id: string, @Query() q: ListWebhooksQueryDto): Promise<WebhookDeadLetterPageDto> {
    return this.webhooks.deadLetters(id, q);
  }

  @Post(':id/dead-letters/:letterId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: '立即重新推送一条死信（同样的内容和签名方式）' })
  replay(@Param('id', UuidParam) id: string, @Param('letterId') letterId: string, @CurrentActor() actor: Actor): Promise<ReplayResultDto> {
    return this.webhooks.replay(id, /^\d{1,18}$/.test(letterId) ? letterId : '0', actor);
  }
}
