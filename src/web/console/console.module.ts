import { Module } from '@nestjs/common';
import { WorkflowModule } from '../../workflow/workflow.module';
import { WebModule } from '../web.module';
import { AuditConsoleController } from './audit.console.controller';
import { AuthConsoleController } from './auth.console.controller';
import { ConsolePages } from './layout';
import { MattersConsoleController } from './matters.console.controller';

/**
 * The staff console at /admin: server-rendered pages over the services the admin JSON API uses (sessions and
 * accounts from AuthModule, WorkflowService). Cookies and CSRF: console-http.ts, mounted in app.setup.ts.
 */
@Module({
  imports: [WebModule, WorkflowModule],
  controllers: [AuthConsoleController, MattersConsoleController, AuditConsoleController],
  providers: [ConsolePages],
})
export class ConsoleModule {}
