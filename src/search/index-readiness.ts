/** More change-log rows than this waiting = a bulk load (import, seed, refill) is still being indexed. */
export const BULK_BACKLOG_ROWS = 50;
/** A waiting row older than this = the relay is behind, not merely between two polls. */
export const STALE_BACKLOG_SECONDS = 60;

/**
 * Pure: whether search can answer from the index. Not while a bulk load waits to be indexed or a row is stuck,
 * nor while an empty index is refilled although Postgres has published matters. `documents` and
 * `publishedMatters` are only needed (and only read) when the backlog is fine.
 */
export async function indexComplete(
  backlog: { rows: number; oldestSeconds: number },
  documents: () => Promise<number>,
  publishedMatters: () => Promise<number>,
): Promise<boolean> {
  if (backlog.rows > BULK_BACKLOG_ROWS || backlog.oldestSeconds >= STALE_BACKLOG_SECONDS) return false;
  if ((await documents()) > 0) return true;
  return (await publishedMatters()) === 0;
}
