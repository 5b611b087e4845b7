import { Module } from '@nestjs/common';
import { ExchangeModule } from '../exchange/exchange.module';
import { SeedingService } from './seeding.service';

@Module({ imports: [ExchangeModule], providers: [SeedingService], exports: [SeedingService] })
export class SeedingModule {}
