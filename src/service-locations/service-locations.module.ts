import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterModule } from '../cluster/cluster.module';
import { ServiceLocation } from './service-location.entity';
import { ServiceLocationsPublicController } from './service-locations.public.controller';
import { ServiceLocationsService } from './service-locations.service';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceLocation]), ClusterModule],
  controllers: [ServiceLocationsPublicController],
  providers: [ServiceLocationsService],
  exports: [ServiceLocationsService],
})
export class ServiceLocationsModule {}
