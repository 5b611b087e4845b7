import { Module } from '@nestjs/common';
import { ExchangeExportService } from './exchange-export.service';
import { ExchangeImportService } from './exchange-import.service';

@Module({
  providers: [ExchangeImportService, ExchangeExportService],
  exports: [ExchangeImportService, ExchangeExportService],
})
export class ExchangeModule {}
