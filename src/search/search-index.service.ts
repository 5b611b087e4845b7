import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STOP_WORDS } from './lexicon/stop-words';
import { catalogueSettings, Lexicon, LOCATION_SETTINGS, normalise, synonymMap, TOKENISING } from './index-settings';
import { MeiliClient } from './meili.client';
import { documentId, SearchDocument } from './search-document';
import { EntityRef, IndexWork, SearchDocumentsService } from './search-documents.service';
import { SEARCH_OPTIONS, SearchOptions } from './search.options';
import { SearchIndexVersion } from './search-version';

const DOC_BATCH = 1000;

/** Owns the indexes: names, declared settings, writes, full rebuilds with an atomic swap, and drift repair. */
@Injectable()
export class SearchIndexService {
  private readonly logger = new Logger(SearchIndexService.name);

  constructor(
    private readonly meili: MeiliClient,
    private readonly dataSource: DataSource,
    private readonly documents: SearchDocumentsService,
    private readonly version: SearchIndexVersion,
    @Inject(SEARCH_OPTIONS) private readonly options: SearchOptions,
  ) {}

  get catalogueUid(): string {
    return `${this.options.indexPrefix}_catalogue`;
  }

  get locationsUid(): string {
    return `${this.options.indexPrefix}_locations`;
  }

  healthy(): Promise<boolean> {
    return this.meili.healthy();
  }

  /** Documents in an index (via the documents route, which an indexing key may read; stats needs more rights). */
  async documentCount(uid = this.catalogueUid): Promise<number> {
    return (await this.meili.call<{ total: number }>('GET', `indexes/${uid}/documents?limit=1&fields=id`)).total;
  }

  /** Stop words (code) and synonyms (Postgres, edited by staff). */
  async lexicon(): Promise<Lexicon> {
    const rows: { term: string; expansions: string[]; mutual: boolean }[] = await this.dataSource.query(
      `SELECT term, expansions, mutual FROM search_synonyms ORDER BY term`,
    );
    return { stopWords: STOP_WORDS, synonyms: synonymMap(rows) };
  }

  async declaredSettings() {
    return catalogueSettings(await this.lexicon());
  }

  /**
   * Creates the indexes if missing (settings before documents) and applies declared settings that differ.
   * Returns true when a change affects tokenisation (stop words, dictionary, searchable attributes) of an index
   * that already holds documents: patched in place, Meilisearch 1.21 leaves synonyms normalised the old way
   * (measured with a dictionary change: 疫苗本 → 预防接种证 stopped matching), so such changes go to a fresh index
   * that is swapped in (SearchSyncService.reindex). Synonym edits by staff are patched in place.
   */
  async ensureIndexes(): Promise<boolean> {
    const catalogue = await this.ensureIndex(this.catalogueUid, await this.declaredSettings());
    const locations = await this.ensureIndex(this.locationsUid, LOCATION_SETTINGS);
    return catalogue || locations;
  }

  /** Returns true when the index needs a rebuild to take the declared settings. */
  async ensureIndex(uid: string, settings: object, allowRebuild = true): Promise<boolean> {
    try {
      await this.meili.admin.getIndex(uid);
    } catch {
      await this.meili.settle(this.meili.admin.createIndex(uid, { primaryKey: 'id' }), 60_000);
    }
    const index = this.meili.admin.index(uid);
    const live = (await index.getSettings()) as Record<string, unknown>;
    const changed = Object.keys(settings).filter(
      (k) => JSON.stringify(normalise(live[k], k)) !== JSON.stringify(normalise((settings as Record<string, unknown>)[k], k)),
    );
    if (!changed.length) return false;
    if (allowRebuild && changed.some((k) => TOKENISING.has(k)) && (await this.documentCount(uid)) > 0) {
      this.logger.log(`${uid}: ${changed.join(', ')} changed; the index will be rebuilt and swapped in`);
      return true;
    }
    await this.meili.settle(index.updateSettings(settings), 600_000);
    await this.version.publish();
    this.logger.log(`${uid}: applied declared ${changed.join(', ')}`);
    return false;
  }

  /**
   * Writes one batch of index work and waits until Meilisearch has applied it. Documents are added with POST,
   * which replaces a whole document (PUT would merge, leaving behind fields a record no longer has).
   */
  async apply(work: IndexWork, uids = { catalogue: this.catalogueUid, locations: this.locationsUid }): Promise<void> {
    const catalogue = this.meili.admin.index(uids.catalogue);
    const locations = this.meili.admin.index(uids.locations);
    // Enqueue one request at a time (a request started early and failing late would reject unhandled), then wait.
    const enqueued: number[] = [];
    const enqueue = async (task: PromiseLike<{ taskUid: number }>) => enqueued.push((await task).taskUid);
    for (let i = 0; i < work.upserts.length; i += DOC_BATCH) {
      await enqueue(catalogue.addDocuments(work.upserts.slice(i, i + DOC_BATCH), { primaryKey: 'id' }));
    }
    if (work.deletes.length) await enqueue(catalogue.deleteDocuments(work.deletes));
    if (work.locationUpserts.length) await enqueue(locations.addDocuments(work.locationUpserts, { primaryKey: 'id' }));
    if (work.locationDeletes.length) await enqueue(locations.deleteDocuments(work.locationDeletes));
    for (const taskUid of enqueued) await this.meili.waitForTask(taskUid, 300_000);
    // Searchable now: response caches (this instance at once, the others by NOTIFY) drop older answers.
    if (enqueued.length) await this.version.publish();
  }

  /**
   * Full rebuild: fill fresh indexes, swap them in atomically, drop the old ones. Search keeps answering from
   * the old indexes until the swap. Returns the number of documents written. The caller replays the change
   * log from a cursor taken before the rebuild began (search-sync.service.ts#reindex).
   */
  async rebuild(): Promise<number> {
    const next = { catalogue: `${this.catalogueUid}_next`, locations: `${this.locationsUid}_next` };
    for (const uid of [next.catalogue, next.locations]) await this.dropIndex(uid);
    await this.ensureIndex(next.catalogue, await this.declaredSettings(), false);
    await this.ensureIndex(next.locations, LOCATION_SETTINGS, false);
    const refs = await this.documents.allRefs();
    let written = 0;
    for (let i = 0; i < refs.length; i += 2000) {
      const work = await this.documents.work(refs.slice(i, i + 2000));
      await this.apply(work, next);
      written += work.upserts.length + work.locationUpserts.length;
    }
    for (const uid of [this.catalogueUid, this.locationsUid]) {
      await this.meili.admin.getIndex(uid).catch(() => this.meili.settle(this.meili.admin.createIndex(uid, { primaryKey: 'id' }), 60_000));
    }
    await this.meili.settle(
      this.meili.admin.swapIndexes([
        { indexes: [this.catalogueUid, next.catalogue], rename: false },
        { indexes: [this.locationsUid, next.locations], rename: false },
      ]),
      60_000,
    );
    await this.version.publish();
    for (const uid of [next.catalogue, next.locations]) await this.dropIndex(uid);
    return written;
  }

  /** Compares the index with Postgres (ids and versions) and repairs every difference. */
  async verify(): Promise<{ missing: number; stale: number; phantoms: number; repaired: number }> {
    const expected = new Map<string, number>();
    const rows: { kind: string; id: string; version: number }[] = await this.dataSource.query(`
      SELECT 'matter' AS kind, m.id, m.version FROM service_matters m JOIN departments d ON d.id = m.department_id
        WHERE m.status = 'published' AND d.status = 'published'
      UNION ALL SELECT 'guide', g.id, g.version FROM guide_entries g JOIN departments d ON d.id = g.department_id
        WHERE g.status = 'published' AND d.status = 'published'
      UNION ALL SELECT 'bundle', id, version FROM bundles WHERE status = 'published'`);
    for (const r of rows) expected.set(documentId(r.kind as 'matter', r.id), r.version);
    const actual = await this.allDocumentVersions();
    const refs: EntityRef[] = [];
    let missing = 0;
    let stale = 0;
    let phantoms = 0;
    for (const [id, version] of expected) {
      const live = actual.get(id);
      if (live === undefined) missing++;
      else if (live !== version) stale++;
      else continue;
      refs.push(refOf(id));
    }
    for (const id of actual.keys()) {
      if (!expected.has(id)) {
        phantoms++;
        refs.push(refOf(id));
      }
    }
    if (refs.length) await this.apply(await this.documents.work(refs));
    // Records the relay had parked are now in step with Postgres (all of them: verify compared every one).
    await this.dataSource.query(`UPDATE search_dead_letters SET resolved_at = now() WHERE resolved_at IS NULL`);
    return { missing, stale, phantoms, repaired: refs.length };
  }

  /** id → version of every document in the catalogue index. */
  async allDocumentVersions(uid = this.catalogueUid): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let offset = 0; ; offset += 1000) {
      const page = await this.meili.call<{ results: SearchDocument[]; total: number }>(
        'GET',
        `indexes/${uid}/documents?fields=id,version&limit=1000&offset=${offset}`,
      );
      for (const d of page.results) out.set(d.id, d.version);
      if (page.results.length < 1000) break;
    }
    return out;
  }

  async dropIndex(uid: string): Promise<void> {
    await this.meili.admin
      .deleteIndex(uid)
      .waitTask({ timeout: 60_000 })
      .catch(() => undefined);
  }
}

function refOf(documentIdValue: string): EntityRef {
  const [type, ...rest] = documentIdValue.split('-');
  return { type: type as EntityRef['type'], id: rest.join('-') };
}
