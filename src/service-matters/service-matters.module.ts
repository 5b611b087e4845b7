import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterModule } from '../cluster/cluster.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { ServiceLocation } from '../service-locations/service-location.entity';
import { ServiceMatter } from './service-matter.entity';
import { ServiceMattersPublicController } from './service-matters.public.controller';
import { ServiceMattersService } from './service-matters.service';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceMatter, ServiceLocation]), ClusterModule, ExchangeModule],
  controllers: [ServiceMattersPublicController],
  providers: [ServiceMattersService],
  exports: [ServiceMattersService],
})
export class ServiceMattersModule {}
