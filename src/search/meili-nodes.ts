/** Pure parts of the Meilisearch node selection (search-nodes.service.ts), with their own spec. */

/** `MEILI_URL` as a list: one URL, or several separated by commas (one per replica node, same order everywhere). */
export function parseMeiliUrls(value: string): string[] {
  return value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/** Name of node `i` (0-based) in logs, /health/ready and the `node` label of /metrics: `meili-1`, `meili-2` … */
export function nodeName(i: number): string {
  return `meili-${i + 1}`;
}

/** Suffix of node `i`'s relay cursor and leader lock: '' for the first (the names a single node always had), `#n` after. */
export function relaySuffix(i: number): string {
  return i === 0 ? '' : `#${i + 1}`;
}

import { BULK_BACKLOG_ROWS, STALE_BACKLOG_SECONDS } from './index-readiness';

/** What the last check saw of one node. */
export interface NodeHealth {
  /** Answered /health (and was not seen failing a search since). */
  up: boolean;
  /** Change-log rows not yet applied to this node, and the age of the oldest (null when Postgres was not reachable). */
  lagRows: number | null;
  lagSeconds: number | null;
  /** Holds documents, or Postgres has nothing published (not an empty node that must first fill itself from Postgres). */
  filled: boolean;
}

export interface LagBound {
  maxLagChanges: number;
  maxLagSeconds: number;
}

/** Up, filled, and not behind by more than the bound. */
export function withinBound(h: NodeHealth, bound: LagBound): boolean {
  return h.up && h.filled && h.lagRows !== null && h.lagRows <= bound.maxLagChanges && (h.lagSeconds ?? 0) <= bound.maxLagSeconds;
}

/**
 * The node can answer searches as a complete index (index-readiness.ts, per node): up, filled, no bulk load waiting
 * and nothing stuck. While no node is complete, search answers from Postgres (`degraded`).
 */
export function complete(h: NodeHealth): boolean {
  return h.up && h.filled && h.lagRows !== null && h.lagRows <= BULK_BACKLOG_ROWS && (h.lagSeconds ?? 0) < STALE_BACKLOG_SECONDS;
}

/**
 * The nodes a search may use, best first: the nodes within the bound; if none is, every node that is up (a lone
 * lagging node still answers better than none — with one node this is exactly the single-node behaviour); if no
 * node is known to be up, all of them (the check may be stale: trying costs one failed request).
 */
export function rotation(health: NodeHealth[], bound: LagBound): number[] {
  const all = health.map((_, i) => i);
  const good = all.filter((i) => withinBound(health[i], bound));
  if (good.length) return good;
  const up = all.filter((i) => health[i].up);
  return up.length ? up : all;
}

/**
 * The order in which one request tries the nodes: round robin over the rotation (`turn` counts requests), then the
 * nodes outside it as a last resort, so a request fails over to every node before it gives up.
 */
export function attemptOrder(health: NodeHealth[], bound: LagBound, turn: number): number[] {
  const inRotation = rotation(health, bound);
  const start = turn % inRotation.length;
  const first = [...inRotation.slice(start), ...inRotation.slice(0, start)];
  return [...first, ...health.map((_, i) => i).filter((i) => !first.includes(i))];
}
