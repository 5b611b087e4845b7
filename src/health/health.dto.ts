/** The process is up. */
export class LiveResponse {
  status!: 'ok';
}

/** Outbox rows not yet applied to the search index. */
export class SearchBacklogDto {
  rows!: number;
  /** Age of the oldest pending row; 300 s or more makes the instance not ready. */
  oldestSeconds!: number;
}

/** Readiness: the same body with 200 (ready) and 503 (not ready). */
export class ReadyResponse {
  status!: 'ok' | 'unavailable';
  postgres!: boolean;
  meilisearch!: boolean;
  /** No bulk load still waiting to be indexed. */
  searchIndexComplete!: boolean;
  /** Null when Postgres could not be asked. */
  searchBacklog!: SearchBacklogDto | null;
  /** The last error of the search-index sync, if any. */
  lastSyncError!: string | null;
}
