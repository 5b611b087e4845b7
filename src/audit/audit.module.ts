import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AUDIT_KEY, resolveAuditKey } from './audit-key';
import { AuditAdminController } from './audit.admin.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

/** The audit trail; global because every module that changes something writes to it. */
@Global()
@Module({
  controllers: [AuditAdminController],
  providers: [AuditService, AuditQueryService, { provide: AUDIT_KEY, inject: [AppConfig], useFactory: resolveAuditKey }],
  exports: [AuditService, AuditQueryService, AUDIT_KEY],
})
export class AuditModule {}
