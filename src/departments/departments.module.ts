import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterModule } from '../cluster/cluster.module';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { Department } from './department.entity';
import { DepartmentsPublicController } from './departments.public.controller';
import { DepartmentsService } from './departments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Department, ServiceMatter]), ClusterModule],
  controllers: [DepartmentsPublicController],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}
