import { Module } from '@nestjs/common';
import { ExchangeExportService } from './exchange-export.service';
import { ExchangeImportService } from './exchange-import.service';
import { ExportPublicController } from './export.public.controller';

@Module({
  controllers: [ExportPublicController],
  providers: [ExchangeImportService, ExchangeExportService],
  exports: [ExchangeImportService, ExchangeExportService],
})
export class ExchangeModule {}
