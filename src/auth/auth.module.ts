import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccountsAdminController } from './accounts.admin.controller';
import { AccountsService } from './accounts.service';
import { ApprovalsAdminController } from './approvals.admin.controller';
import { ApprovalsService } from './approvals.service';
import { AuthController } from './auth.controller';
import { RouteAccessCheck } from './route-access.check';
import { SecretBox } from './secret-box';
import { SessionsService, TOTP_SEEDS } from './sessions.service';
import { AUDIT_KEY } from '../audit/audit-key';
import { ClusterModule } from '../cluster/cluster.module';

/**
 * Staff accounts, sign-in and the global access guard (default deny). Global because the guard and the staff
 * console's pages need the sessions everywhere.
 */
@Global()
@Module({
  imports: [DiscoveryModule, ClusterModule],
  controllers: [AuthController, AccountsAdminController, ApprovalsAdminController],
  providers: [
    SessionsService,
    AccountsService,
    ApprovalsService,
    RouteAccessCheck,
    { provide: TOTP_SEEDS, inject: [AUDIT_KEY], useFactory: (key: string) => new SecretBox(key, 'totp') },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, AccountsService, ApprovalsService],
})
export class AuthModule {}
