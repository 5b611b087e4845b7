import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../change-log/change-log.module';
import { ExchangeExportService } from './exchange-export.service';
import { ExchangeImportService } from './exchange-import.service';
import { ExportPublicController } from './export.public.controller';

@Module({
  imports: [ChangeLogModule],
  controllers: [ExportPublicController],
  providers: [ExchangeImportService, ExchangeExportService],
  exports: [ExchangeImportService, ExchangeExportService],
})
export class ExchangeModule {}
