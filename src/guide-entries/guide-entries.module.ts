import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterModule } from '../cluster/cluster.module';
import { GuideEntry } from './guide-entry.entity';
import { GuideEntriesPublicController } from './guide-entries.public.controller';
import { GuideEntriesService } from './guide-entries.service';

@Module({
  imports: [TypeOrmModule.forFeature([GuideEntry]), ClusterModule],
  controllers: [GuideEntriesPublicController],
  providers: [GuideEntriesService],
  exports: [GuideEntriesService],
})
export class GuideEntriesModule {}
