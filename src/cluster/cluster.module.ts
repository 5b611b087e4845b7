import { Global, Module } from '@nestjs/common';
import { CatalogueReadCache } from './catalogue-read-cache';
import { ClusterEventsService } from './cluster-events.service';

/**
 * What app instances share beyond the database rows themselves: cache invalidation (LISTEN/NOTIFY). Global because
 * every module that caches something subscribes to it (api keys, the security policy, search settings, the
 * public catalogue reads).
 */
@Global()
@Module({ providers: [ClusterEventsService, CatalogueReadCache], exports: [ClusterEventsService, CatalogueReadCache] })
export class ClusterModule {}
