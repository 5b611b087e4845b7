import { Global, Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ApiKeysAdminController } from './api-keys.admin.controller';
import { ApiKeysService } from './api-keys.service';
import { IntegrationController } from './integration.controller';

/** Client systems: API keys (global: the access guard and the rate limiter read them) and their endpoints. */
@Global()
@Module({
  imports: [WorkflowModule],
  controllers: [ApiKeysAdminController, IntegrationController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class IntegrationModule {}
