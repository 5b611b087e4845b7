import { SearchNodes } from '../search/search-nodes.service';
import { AuditService } from '../audit/audit.service';
import { cliActor } from '../auth/actor';
import { runCli } from './cli-app';

/** npm run reindex: on every Meilisearch node, rebuild into fresh indexes, swap atomically, replay changes made meanwhile. */
void runCli(async (app) => {
  const nodes = app.get(SearchNodes).nodes;
  for (const node of nodes) {
    const started = Date.now();
    const { documents, replayed } = await node.sync.reindex();
    const details = { documents, replayed, ...(nodes.length > 1 ? { node: node.name } : {}) };
    await app.get(AuditService).recordAlone({ actor: cliActor('reindex'), action: 'search.reindex', objectType: 'index', details });
    console.log(
      `${nodes.length > 1 ? `${node.name}: ` : ''}reindexed ${documents} documents, replayed ${replayed} changes, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
});
