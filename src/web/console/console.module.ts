import { Module } from '@nestjs/common';
import { FeedbackModule } from '../../feedback/feedback.module';
import { WorkflowModule } from '../../workflow/workflow.module';
import { WebModule } from '../web.module';
import { AuditConsoleController } from './audit.console.controller';
import { AuthConsoleController } from './auth.console.controller';
import { FeedbackConsoleController } from './feedback.console.controller';
import { ImportConsoleController } from './import.console.controller';
import { ConsolePages } from './layout';
import { MattersConsoleController } from './matters.console.controller';
import { ReviewConsoleController } from './review.console.controller';
import { SearchTuningConsoleController } from './search-tuning.console.controller';
import { DepartmentsModule } from '../../departments/departments.module';
import { ServiceLocationsModule } from '../../service-locations/service-locations.module';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { IntegrationModule } from '../../integration/integration.module';
import { AccountsConsoleController } from './accounts.console.controller';
import { BundlePagesController, GuidePagesController, MatterPagesController } from './content.console.controller';
import { DepartmentsConsoleController, LocationsConsoleController } from './organisation.console.controller';
import { SecurityConsoleController } from './security.console.controller';

/**
 * The staff console at /admin: server-rendered pages over the services the admin JSON API uses (sessions and
 * accounts from AuthModule, WorkflowService, the importer, SearchAdminService, FeedbackService). Cookies and CSRF:
 * console-http.ts, mounted in app.setup.ts.
 */
@Module({
  imports: [WebModule, WorkflowModule, FeedbackModule, DepartmentsModule, ServiceLocationsModule, WebhooksModule, IntegrationModule],
  controllers: [
    AuthConsoleController,
    MattersConsoleController,
    AuditConsoleController,
    MatterPagesController,
    GuidePagesController,
    BundlePagesController,
    ReviewConsoleController,
    ImportConsoleController,
    SearchTuningConsoleController,
    FeedbackConsoleController,
    AccountsConsoleController,
    DepartmentsConsoleController,
    LocationsConsoleController,
    SecurityConsoleController,
  ],
  providers: [ConsolePages],
})
export class ConsoleModule {}
