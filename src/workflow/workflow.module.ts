import { Module } from '@nestjs/common';
import { ExchangeModule } from '../exchange/exchange.module';
import { DepartmentsAdminController, LocationsAdminController } from './reference-data.admin.controllers';
import { CatalogueImportService } from './catalogue-import.service';
import { ImportBatchesService } from './import-batches.service';
import { ImportAdminController } from './import.admin.controller';
import { ReferenceDataService } from './reference-data.service';
import { WorkflowSchedulerService } from './workflow-scheduler.service';
import { BundlesAdminController, GuidesAdminController, MattersAdminController } from './workflow.admin.controllers';
import { WorkflowAccessService } from './workflow-access.service';
import { WorkflowBatchService } from './workflow-batch.service';
import { WorkflowViewsService } from './workflow-views.service';
import { WorkflowService } from './workflow.service';

/** Staff maintenance of the catalogue: drafts, review, publication, history (content) and reference data. */
@Module({
  imports: [ExchangeModule],
  controllers: [
    MattersAdminController,
    GuidesAdminController,
    BundlesAdminController,
    DepartmentsAdminController,
    LocationsAdminController,
    ImportAdminController,
  ],
  providers: [
    WorkflowService,
    WorkflowViewsService,
    WorkflowBatchService,
    WorkflowAccessService,
    ReferenceDataService,
    WorkflowSchedulerService,
    CatalogueImportService,
    ImportBatchesService,
  ],
  exports: [WorkflowService, WorkflowViewsService, WorkflowBatchService, CatalogueImportService, ImportBatchesService, ReferenceDataService],
})
export class WorkflowModule {}
