import { SearchSyncService } from '../search/search-sync.service';
import { runCli } from './cli-app';

/** npm run reindex: rebuild into fresh indexes, swap atomically, replay changes made meanwhile. */
void runCli(async (app) => {
  const started = Date.now();
  const { documents, replayed } = await app.get(SearchSyncService).reindex();
  console.log(`reindexed ${documents} documents, replayed ${replayed} changes, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
