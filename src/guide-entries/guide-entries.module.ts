import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GuideEntry } from './guide-entry.entity';
import { GuideEntriesPublicController } from './guide-entries.public.controller';
import { GuideEntriesService } from './guide-entries.service';

@Module({
  imports: [TypeOrmModule.forFeature([GuideEntry])],
  controllers: [GuideEntriesPublicController],
  providers: [GuideEntriesService],
  exports: [GuideEntriesService],
})
export class GuideEntriesModule {}
