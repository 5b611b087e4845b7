import { Module } from '@nestjs/common';
import { BundlesModule } from '../../bundles/bundles.module';
import { DepartmentsModule } from '../../departments/departments.module';
import { FeedbackModule } from '../../feedback/feedback.module';
import { GuideEntriesModule } from '../../guide-entries/guide-entries.module';
import { ServiceLocationsModule } from '../../service-locations/service-locations.module';
import { ServiceMattersModule } from '../../service-matters/service-matters.module';
import { PortalController } from './portal.controller';
import { SitemapService } from './sitemap.service';
import { WebModule } from '../web.module';

/** The citizen portal at / (pages only; the data comes from the domain modules' services). */
@Module({
  imports: [WebModule, ServiceMattersModule, DepartmentsModule, ServiceLocationsModule, GuideEntriesModule, BundlesModule, FeedbackModule],
  controllers: [PortalController],
  providers: [SitemapService],
})
export class PortalModule {}
