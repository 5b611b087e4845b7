import { Module } from '@nestjs/common';
import { CatalogueReadCache } from './catalogue-read-cache';
import { ClusterEventsService } from './cluster-events.service';

/**
 * What app instances share beyond the database rows themselves: cache invalidation (LISTEN/NOTIFY) and the public
 * catalogue read cache it keeps fresh. Imported by the modules that cache something (auth: sessions and the security
 * policy; integration: api keys; search: settings and responses; the catalogue modules: public reads); Nest makes
 * one instance of it for all of them.
 */
@Module({ providers: [ClusterEventsService, CatalogueReadCache], exports: [ClusterEventsService, CatalogueReadCache] })
export class ClusterModule {}
