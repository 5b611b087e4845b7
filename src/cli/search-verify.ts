import { SearchNodes } from '../search/search-nodes.service';
import { runCli } from './cli-app';

/** npm run search:verify: compare the index of every Meilisearch node with Postgres (ids and versions) and repair drift. */
void runCli(async (app) => {
  const nodes = app.get(SearchNodes).nodes;
  for (const node of nodes) {
    const r = await node.index.verify();
    console.log(`${nodes.length > 1 ? `${node.name}: ` : ''}missing ${r.missing}, stale ${r.stale}, phantoms ${r.phantoms}; repaired ${r.repaired}`);
  }
});
