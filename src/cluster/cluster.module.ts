import { Module } from '@nestjs/common';
import { ClusterEventsService } from './cluster-events.service';

/**
 * What app instances share beyond the database rows themselves: cache invalidation (LISTEN/NOTIFY). Imported by the
 * modules that cache something (auth: sessions and the security policy; integration: api keys; search: settings and
 * responses); Nest makes one instance of it for all of them.
 */
@Module({ providers: [ClusterEventsService], exports: [ClusterEventsService] })
export class ClusterModule {}
