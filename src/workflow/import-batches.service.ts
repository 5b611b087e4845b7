import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { WORKFLOW_KINDS, WorkflowKind } from './revision.entity';

/** One staff import, as its audit record tells it. */
export interface ImportBatch {
  /** The id of the import's `catalogue.import` audit record. */
  id: string;
  at: Date;
  login: string | null;
  filename: string | null;
  format: string | null;
  counts: Record<string, { total: number; created: number; updated: number; unchanged: number }>;
  submitted: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_login: string | null;
  request_id: string | null;
  details: { filename?: string | null; format?: string; counts?: ImportBatch['counts']; submitted?: number } | null;
}

/**
 * "The records of one import", read from the audit trail the import writes in its own transaction
 * (CatalogueImportService): one `catalogue.import` record with the file name and counts, preceded by one record per
 * record created or changed (`details.via = 'import'`). All of them share the timestamp and the request id
 * (AuditService.recordMany stamps one `at` on the whole batch), so nothing new has to be stored to find them again.
 * A record the import left unchanged has no audit record and is not part of the batch.
 */
@Injectable()
export class ImportBatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The latest staff imports (the console's spreadsheet wizard and POST /api/v1/admin/import), newest first. */
  async recent(limit = 20): Promise<ImportBatch[]> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, actor_login, request_id, details FROM audit_log
       WHERE action = 'catalogue.import' AND result = 'success' AND details ? 'format' ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toBatch);
  }

  async get(id: string): Promise<ImportBatch | null> {
    const row = await this.summary(id);
    return row ? toBatch(row) : null;
  }

  /** The import whose upload was the request `requestId` (the wizard links to the queue with it). */
  async byRequest(requestId: string): Promise<ImportBatch | null> {
    const [row]: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, actor_login, request_id, details FROM audit_log
       WHERE action = 'catalogue.import' AND request_id = $1 AND details ? 'format' ORDER BY id DESC LIMIT 1`,
      [requestId],
    );
    return row ? toBatch(row) : null;
  }

  /** Codes per kind of the content records the import created or changed (empty when there is no such import). */
  async codes(id: string): Promise<Map<WorkflowKind, string[]>> {
    const out = new Map<WorkflowKind, string[]>();
    const summary = await this.summary(id);
    if (!summary) return out;
    // The batch's records come right before its summary (ids follow the chain); an import has at most
    // IMPORT_MAX_RECORDS records, which bounds the primary-key range read.
    const rows: { object_type: string; object_id: string }[] = await this.dataSource.query(
      `SELECT object_type, object_id FROM audit_log
       WHERE id < $1 AND id >= $1::bigint - $2::bigint AND at = $3 AND request_id IS NOT DISTINCT FROM $4
         AND object_type = ANY($5) AND details->>'via' = 'import'
       ORDER BY id`,
      [summary.id, this.config.IMPORT_MAX_RECORDS + 1, summary.at, summary.request_id, [...WORKFLOW_KINDS]],
    );
    const sets = new Map<WorkflowKind, Set<string>>();
    for (const r of rows) {
      const kind = r.object_type as WorkflowKind;
      sets.set(kind, (sets.get(kind) ?? new Set()).add(r.object_id));
    }
    for (const [kind, codes] of sets) out.set(kind, [...codes]);
    return out;
  }

  private async summary(id: string): Promise<AuditRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row]: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, actor_login, request_id, details FROM audit_log WHERE id = $1 AND action = 'catalogue.import' AND details ? 'format'`,
      [id],
    );
    return row;
  }
}

function toBatch(r: AuditRow): ImportBatch {
  return {
    id: String(r.id),
    at: r.at,
    login: r.actor_login,
    filename: r.details?.filename ?? null,
    format: r.details?.format ?? null,
    counts: r.details?.counts ?? {},
    submitted: r.details?.submitted ?? 0,
  };
}
