import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../change-log/change-log.module';
import { ExchangeExportService } from './exchange-export.service';
import { ExchangeImportService } from './exchange-import.service';
import { ExportPublicController } from './export.public.controller';
import { ReadReplicaModule } from '../database/read-replica';

@Module({
  imports: [ChangeLogModule, ReadReplicaModule],
  controllers: [ExportPublicController],
  providers: [ExchangeImportService, ExchangeExportService],
  exports: [ExchangeImportService, ExchangeExportService],
})
export class ExchangeModule {}
