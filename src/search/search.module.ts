import { DynamicModule, Module } from '@nestjs/common';
import { ChangeLogModule } from '../change-log/change-log.module';
import { ClusterModule } from '../cluster/cluster.module';
import { ReadReplicaModule } from '../database/read-replica';
import { ExchangeModule } from '../exchange/exchange.module';
import { parseMeiliUrls } from './meili-nodes';
import { MEILI_OPTIONS, SearchNodes } from './search-nodes.service';
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
  /** One Meilisearch URL, or several separated by commas (independent replica nodes, search-nodes.service.ts). */
  meiliUrl: string;
  meiliApiKey?: string;
  meiliSearchKey?: string;
  maxLagChanges?: number;
  maxLagSeconds?: number;
  searchTimeoutMs?: number;
}

/** The only module that knows Meilisearch. Domain modules record changes (triggers); this turns them into index work. */
@Module({})
export class SearchModule {
  static forRoot(options: SearchModuleOptions): DynamicModule {
    return {
      module: SearchModule,
      global: true,
      imports: [ExchangeModule, ChangeLogModule, ClusterModule, ReadReplicaModule],
      controllers: [SearchPublicController, SearchAdminController],
      providers: [
        { provide: SEARCH_OPTIONS, useValue: { indexPrefix: options.indexPrefix, sync: options.sync, cache: options.cache ?? false } },
        {
          provide: MEILI_OPTIONS,
          useValue: {
            urls: parseMeiliUrls(options.meiliUrl),
            apiKey: options.meiliApiKey,
            searchKey: options.meiliSearchKey ?? options.meiliApiKey,
            maxLagChanges: options.maxLagChanges ?? 50,
            maxLagSeconds: options.maxLagSeconds ?? 30,
            searchTimeoutMs: options.searchTimeoutMs ?? 5000,
          },
        },
        SearchNodes,
        SearchDocumentsService,
        // The first node's: lexicon pushes from the admin service and the CLI tasks (which loop over all nodes).
        { provide: SearchIndexService, useFactory: (nodes: SearchNodes) => nodes.first.index, inject: [SearchNodes] },
        { provide: SearchSyncService, useFactory: (nodes: SearchNodes) => nodes.first.sync, inject: [SearchNodes] },
        SearchReadinessService,
        SearchService,
        SearchStatsService,
        SearchAdminService,
        SearchIndexVersion,
        SearchCacheService,
      ],
      exports: [
        SearchNodes,
        SearchIndexService,
        SearchSyncService,
        SearchReadinessService,
        SearchService,
        SearchStatsService,
        SearchCacheService,
        SearchAdminService,
      ],
    };
  }
}
