import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../change-log/change-log.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhooksAdminController } from './webhooks.admin.controller';
import { WebhooksService } from './webhooks.service';

/** Pushed changes: the published change feed delivered to client systems' webhooks (docs/integration.md). */
@Module({
  imports: [ChangeLogModule],
  controllers: [WebhooksAdminController],
  providers: [WebhooksService, WebhookDeliveryService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
