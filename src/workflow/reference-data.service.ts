import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toAuditActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { staleVersion } from '../common/if-match';
import { KINDS, notFoundCode, ReferenceKind } from '../exchange/catalogue-kinds';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { exchangeDocument, ExchangeImportService } from '../exchange/exchange-import.service';
import { diffRecords } from './revision-diff';
import { ReferenceRecordView, withoutReadOnly } from './workflow.dto';

export type { ReferenceKind };

/**
 * Departments and service locations are the organisation's structure, kept by the system administrator:
 * saved and published at once (no review), optimistic locking through If-Match, one audit record each.
 */
@Injectable()
export class ReferenceDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly importer: ExchangeImportService,
    private readonly exporter: ExchangeExportService,
    private readonly audit: AuditService,
  ) {}

  async get(kind: ReferenceKind, code: string): Promise<ReferenceRecordView> {
    const loaded = await this.exporter.loadByCodes(this.dataSource.manager, { [kind]: [code] });
    const record = loaded[kind].get(code);
    if (!record) throw this.notFound(kind);
    const [{ version }] = await this.dataSource.query(`SELECT version FROM ${KINDS[kind].table} WHERE code = $1`, [code]);
    return { version, record: record as unknown as Record<string, unknown> };
  }

  async save(kind: ReferenceKind, code: string | null, body: object, version: number | null, actor: Actor): Promise<ReferenceRecordView> {
    const payload = withoutReadOnly(body);
    const { problems } = this.importer.validateRecord(kind, payload);
    if (problems.length) throw AppError.invalid(problems);
    if (code !== null && payload.code !== code) throw AppError.badRequest('code', `必须与地址中的编码“${code}”一致`);
    payload.status = 'published'; // saving is publishing (a stopped one comes back); status read with the record is ignored
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT version FROM ${KINDS[kind].table} WHERE code = $1 FOR UPDATE`, [payload.code]);
      if (code === null && row)
        throw new AppError(409, 'CODE_TAKEN', `${KINDS[kind].label}编码“${payload.code}”已存在`, [{ field: 'code', message: '已存在' }]);
      if (code !== null && !row) throw this.notFound(kind);
      if (row && row.version !== version) throw staleVersion(row.version);
      await this.refuseDuplicateName(m, kind, payload.code as string, payload.name as string);
      const before = row ? (await this.exporter.loadByCodes(m, { [kind]: [payload.code as string] }))[kind].get(payload.code as string) : undefined;
      await this.importer.apply(m, this.importer.validate(exchangeDocument({ [kind]: [payload] })));
      // Saving a stopped department or place brings it back (status published), without its old public reason.
      await m.query(`UPDATE ${KINDS[kind].table} SET archive_reason = NULL WHERE code = $1 AND archive_reason IS NOT NULL`, [payload.code]);
      await this.audit.record(m, {
        actor: toAuditActor(actor),
        action: `${KINDS[kind].audit}.${row ? 'update' : 'create'}`,
        objectType: kind,
        objectId: payload.code as string,
        details: { changes: diffRecords(before ?? null, payload) },
      });
      const [{ version: now }] = await m.query(`SELECT version FROM ${KINDS[kind].table} WHERE code = $1`, [payload.code]);
      return { version: now, record: payload };
    });
  }

  async archive(kind: ReferenceKind, code: string, version: number, reason: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT version, status FROM ${KINDS[kind].table} WHERE code = $1 FOR UPDATE`, [code]);
      if (!row) throw this.notFound(kind);
      if (row.version !== version) throw staleVersion(row.version);
      if (row.status === 'archived') throw new AppError(409, 'WRONG_STATE', `该${KINDS[kind].label}已停用`);
      await m.query(`UPDATE ${KINDS[kind].table} SET status = 'archived', archive_reason = $2 WHERE code = $1`, [code, reason]);
      await this.audit.record(m, { actor: toAuditActor(actor), action: `${KINDS[kind].audit}.archive`, objectType: kind, objectId: code, details: { reason } });
    });
  }

  /**
   * A second published department or place with the same name is almost always a copy made by mistake (following
   * an example with a new code): 409 NAME_TAKEN, naming the record to edit instead.
   */
  private async refuseDuplicateName(m: EntityManager, kind: ReferenceKind, code: string, name: string): Promise<void> {
    const [twin] = await m.query(
      `SELECT code FROM ${KINDS[kind].table} WHERE status = 'published' AND btrim(name) = btrim($1) AND code <> $2 ORDER BY code LIMIT 1`,
      [name, code],
    );
    if (!twin) return;
    throw new AppError(409, 'NAME_TAKEN', `已有同名的已发布${KINDS[kind].label}“${name.trim()}”（编码 ${twin.code}），请修改那一条，不要另建重复的记录`, [
      { field: 'name', message: `与已发布的${KINDS[kind].label}“${twin.code}”重名` },
    ]);
  }

  private notFound(kind: ReferenceKind) {
    return AppError.notFound(notFoundCode(kind), KINDS[kind].label);
  }
}
