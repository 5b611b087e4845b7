import { SearchIndexService } from '../search/search-index.service';
import { runCli } from './cli-app';

/** npm run search:verify: compare the index with Postgres (ids and versions) and repair drift. */
void runCli(async (app) => {
  const r = await app.get(SearchIndexService).verify();
  console.log(`missing ${r.missing}, stale ${r.stale}, phantoms ${r.phantoms}; repaired ${r.repaired}`);
});
