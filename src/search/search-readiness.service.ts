import { Injectable } from '@nestjs/common';
import { NodeReport, SearchNodes } from './search-nodes.service';

/**
 * Whether search can answer from the index. Until some Meilisearch node is complete (first start with the demo data,
 * a big import, a refill of an empty node — index-readiness.ts, checked per node by SearchNodes), /health/ready says
 * not ready and search answers from Postgres with `degraded: true` instead of returning partial results. Cached for
 * a second.
 */
@Injectable()
export class SearchReadinessService {
  constructor(private readonly nodes: SearchNodes) {}

  /** The cached state, refreshed when older than a second. */
  current(): Promise<{ complete: boolean }> {
    return this.nodes.current();
  }

  /** A fresh check of every node (health probe). */
  check(): Promise<NodeReport[]> {
    return this.nodes.report();
  }
}
