import { Module } from '@nestjs/common';
import { ChangeLogService } from './change-log.service';
import { ChangeLogRetentionService } from './change-log-retention.service';
import { ChangesPublicController } from './changes.public.controller';

@Module({ controllers: [ChangesPublicController], providers: [ChangeLogService, ChangeLogRetentionService], exports: [ChangeLogService] })
export class ChangeLogModule {}
