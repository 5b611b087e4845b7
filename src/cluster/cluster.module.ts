import { Global, Module } from '@nestjs/common';
import { ClusterEventsService } from './cluster-events.service';

/**
 * What app instances share beyond the database rows themselves: cache invalidation (LISTEN/NOTIFY). Global because
 * every module that caches something subscribes to it (api keys, the security policy, search settings).
 */
@Global()
@Module({ providers: [ClusterEventsService], exports: [ClusterEventsService] })
export class ClusterModule {}
