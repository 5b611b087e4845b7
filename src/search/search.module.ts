import { DynamicModule, Module } from '@nestjs/common';
import { ChangeLogModule } from '../change-log/change-log.module';
import { ClusterModule } from '../cluster/cluster.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { MeiliClient } from './meili.client';
import { SearchAdminService } from './search-admin.service';
import { SearchDocumentsService } from './search-documents.service';
import { SearchIndexService } from './search-index.service';
import { SearchStatsService } from './search-stats.service';
import { SearchSyncService } from './search-sync.service';
import { SearchReadinessService } from './search-readiness.service';
import { SearchCacheService } from './search-cache.service';
import { SearchIndexVersion } from './search-version';
import { SearchService } from './search.service';
import { SearchPublicController } from './search.public.controller';
import { SearchAdminController } from './search.admin.controller';
import { SEARCH_OPTIONS, SearchOptions } from './search.options';

export interface SearchModuleOptions extends SearchOptions {
  meiliUrl: string;
  meiliApiKey?: string;
  meiliSearchKey?: string;
}

/** The only module that knows Meilisearch. Domain modules record changes (triggers); this turns them into index work. */
@Module({})
export class SearchModule {
  static forRoot(options: SearchModuleOptions): DynamicModule {
    return {
      module: SearchModule,
      global: true,
      imports: [ExchangeModule, ChangeLogModule, ClusterModule],
      controllers: [SearchPublicController, SearchAdminController],
      providers: [
        { provide: SEARCH_OPTIONS, useValue: { indexPrefix: options.indexPrefix, sync: options.sync, cache: options.cache ?? false } },
        { provide: MeiliClient, useFactory: () => new MeiliClient(options.meiliUrl, options.meiliApiKey, options.meiliSearchKey ?? options.meiliApiKey) },
        SearchDocumentsService,
        SearchIndexService,
        SearchSyncService,
        SearchReadinessService,
        SearchService,
        SearchStatsService,
        SearchAdminService,
        SearchIndexVersion,
        SearchCacheService,
      ],
      exports: [SearchIndexService, SearchSyncService, SearchReadinessService, SearchService, SearchStatsService, SearchCacheService, SearchAdminService],
    };
  }
}
