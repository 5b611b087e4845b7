import { SearchSyncService } from '../search/search-sync.service';
import { AuditService } from '../audit/audit.service';
import { cliActor } from '../auth/actor';
import { runCli } from './cli-app';

/** npm run reindex: rebuild into fresh indexes, swap atomically, replay changes made meanwhile. */
void runCli(async (app) => {
  const started = Date.now();
  const { documents, replayed } = await app.get(SearchSyncService).reindex();
  await app.get(AuditService).recordAlone({ actor: cliActor('reindex'), action: 'search.reindex', objectType: 'index', details: { documents, replayed } });
  console.log(`reindexed ${documents} documents, replayed ${replayed} changes, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
