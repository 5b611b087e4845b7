import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterModule } from '../cluster/cluster.module';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { Bundle, BundleMatter } from './bundle.entity';
import { BundlesPublicController } from './bundles.public.controller';
import { BundlesService } from './bundles.service';

@Module({
  imports: [TypeOrmModule.forFeature([Bundle, BundleMatter, ServiceMatter]), ClusterModule],
  controllers: [BundlesPublicController],
  providers: [BundlesService],
  exports: [BundlesService],
})
export class BundlesModule {}
