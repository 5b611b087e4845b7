import { Module } from '@nestjs/common';
import { ChangeLogService } from './change-log.service';
import { ChangesPublicController } from './changes.public.controller';

@Module({ controllers: [ChangesPublicController], providers: [ChangeLogService], exports: [ChangeLogService] })
export class ChangeLogModule {}
