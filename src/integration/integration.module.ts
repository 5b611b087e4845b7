import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ApiKeysAdminController } from './api-keys.admin.controller';
import { ApiKeysService } from './api-keys.service';
import { IntegrationController } from './integration.controller';

/**
 * Client systems: API keys and their endpoints. Not global: the only reader outside is the HTTP setup
 * (src/app.setup.ts hands the key middleware to common/protection.ts), which takes ApiKeysService from the app.
 */
@Module({
  imports: [WorkflowModule, ClusterModule],
  controllers: [ApiKeysAdminController, IntegrationController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class IntegrationModule {}
