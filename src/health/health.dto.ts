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

/** One Meilisearch node of MEILI_URL as this instance sees it. */
export class MeiliNodeDto {
  /** `meili-1`, `meili-2` … in the order of MEILI_URL. */
  name!: string;
  /** Answers /health. */
  up!: boolean;
  /** Public searches go to it (up, filled, within MEILI_MAX_LAG_CHANGES / MEILI_MAX_LAG_SECONDS). */
  inRotation!: boolean;
  /** Holds a complete index (no bulk load waiting, not an empty node refilling). */
  complete!: boolean;
  /** Change-log rows not yet applied to this node (null when Postgres could not be asked). */
  lagRows!: number | null;
  /** Age of the oldest of them in seconds. */
  lagSeconds!: number | null;
  /** This instance runs the node's relay. */
  relayLeader!: boolean;
  /** The last error of this node's relay in this instance, if any. */
  lastSyncError!: string | null;
}

export class ReplicaLagDto {
  /** WAL bytes not yet replayed on the replica. */
  bytes!: number;
  /** Seconds since its last replayed transaction while WAL is waiting; 0 when caught up. */
  seconds!: number;
}

export class ReadReplicaDto {
  /** Null when the replica (or the primary) could not be asked. */
  lag!: ReplicaLagDto | null;
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
  /** Every Meilisearch node; the fields above describe the one search prefers. */
  meiliNodes!: MeiliNodeDto[];
  /** The Postgres read replica (DATABASE_READ_URL), null without one. */
  readReplica!: ReadReplicaDto | null;
}
