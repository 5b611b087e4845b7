import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ServiceMatter } from '../service-matters/service-matter.entity';
import { FeedbackAdminController } from './feedback.admin.controller';
import { Feedback } from './feedback.entity';
import { FeedbackPublicController } from './feedback.public.controller';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [TypeOrmModule.forFeature([Feedback, ServiceMatter]), AuditModule],
  controllers: [FeedbackPublicController, FeedbackAdminController],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
