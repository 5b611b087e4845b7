import { Module } from '@nestjs/common';
import { WorkflowModule } from '../../workflow/workflow.module';
import { AuthConsoleController } from './auth.console.controller';
import { ConsoleAssetsController } from './console-assets.controller';
import { MattersConsoleController } from './matters.console.controller';

/**
 * The staff console at /admin: server-rendered pages over the services the admin JSON API uses (sessions and
 * accounts from AuthModule, WorkflowService). Cookies and CSRF: console-http.ts, mounted in app.setup.ts.
 */
@Module({
  imports: [WorkflowModule],
  controllers: [ConsoleAssetsController, AuthConsoleController, MattersConsoleController],
})
export class ConsoleModule {}
