import { EntityManager } from 'typeorm';
import type { ContentAction } from '../auth/permission-matrix';
import { AppError } from '../common/app-error';
import { KINDS, notFoundCode } from '../exchange/catalogue-kinds';
import type { ExchangeExportService } from '../exchange/exchange-export.service';
import { exchangeDocument } from '../exchange/exchange-import.service';
import type { ExchangeDocument } from '../exchange/exchange.dto';
import { OPEN_STATES, Revision, RevisionState, WorkflowKind } from './revision.entity';

/** Pure helpers the workflow services share: loading a record's two halves, its payload, and their errors. */

export type Payload = Record<string, unknown>;

/** The catalogue row of a record (what the public sees), as the workflow needs it. */
export interface PublishedRow {
  id: string;
  status: 'draft' | 'published' | 'archived';
  version: number;
  archiveReason: string | null;
  updatedAt: Date;
  departmentCode: string | null;
}

export interface LoadedRecord {
  published: PublishedRow | null;
  open: Revision | null;
  owner: string;
}

/** The published row and the open revision of a record (locked for update in a write), and its owner. */
export async function loadRecord(m: EntityManager, kind: WorkflowKind, code: string, lock: boolean): Promise<LoadedRecord> {
  // Serialises writers of one record (also when it has no row yet to lock); held until the transaction ends.
  if (lock) await lockRecord(m, kind, code);
  const [published]: PublishedRow[] = await m.query(
    `SELECT t.id, t.status, t.version, t.archive_reason AS "archiveReason", t.updated_at AS "updatedAt", d.code AS "departmentCode"
       FROM ${KINDS[kind].table} t LEFT JOIN departments d ON d.id = t.department_id WHERE t.code = $1`,
    [code],
  );
  const open = await m
    .getRepository(Revision)
    .createQueryBuilder('r')
    .where('r.kind = :kind AND r.code = :code AND r.state IN (:...open)', { kind, code, open: OPEN_STATES })
    .getOne();
  const owner = open?.departmentCode ?? published?.departmentCode;
  if (!published && !open) throw notFound(kind);
  if (!owner) throw new AppError(409, 'NO_DEPARTMENT', `该${KINDS[kind].label}没有所属部门，无法在线维护`);
  return { published: published ?? null, open: open ?? null, owner };
}

/** Transaction-scoped lock on one record's code (there may be no row yet to lock). */
export async function lockRecord(m: EntityManager, kind: WorkflowKind, code: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`banshi-record:${kind}:${code}`]);
}

/** The current catalogue record in exchange form (without status). */
export async function currentPayload(exporter: ExchangeExportService, m: EntityManager, kind: WorkflowKind, code: string): Promise<Payload | null> {
  const loaded = await exporter.loadByCodes(m, { [kind]: [code] });
  const record = loaded[kind].get(code) as Payload | undefined;
  if (!record) return null;
  const { status: _s, ...rest } = record;
  return rest;
}

export function documentOf(kind: WorkflowKind, payload: Payload): ExchangeDocument {
  return exchangeDocument({ [kind]: [payload] });
}

/** The start of a calendar date in China (UTC+8), for the effective dates matters carry. */
export const chinaDayStart = (date: string, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

export function notFound(kind: WorkflowKind): AppError {
  return AppError.notFound(notFoundCode(kind), KINDS[kind].label);
}

export function wrongState(state: RevisionState, what: string): AppError {
  return new AppError(409, 'WRONG_STATE', `当前状态“${STATE_ZH[state]}”下不能${what}`, { state });
}

export const STATE_ZH: Record<RevisionState, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', scheduled: '待生效', published: '已发布' };
export const ACTION_ZH: Record<ContentAction, string> = {
  read: '查看',
  create: '新建',
  update: '修改',
  discard: '放弃草稿',
  submit: '提交审核',
  withdraw: '撤回',
  publish: '发布',
  return: '退回',
  archive: '下架',
  restore: '恢复版本',
  history: '查看历史',
};
