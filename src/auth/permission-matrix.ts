import type { Role } from './roles';

/**
 * Who may do what to catalogue content (matters, guide entries, bundles), as data: role × action → the records
 * the role may act on ('own' = records of the departments assigned to the account, 'any' = every record).
 * A role or action not listed is denied. The services ask `allows()`; the permission-matrix e2e test reads
 * this table and checks every cell (role × own/other department × action) against the running service.
 */
export const CONTENT_ACTIONS = [
  'read', 'create', 'update', 'discard', 'submit', 'withdraw', 'publish', 'return', 'archive', 'restore', 'history',
] as const;
export type ContentAction = (typeof CONTENT_ACTIONS)[number];
export type Scope = 'own' | 'any';

export const CONTENT_PERMISSIONS: Record<Role, Partial<Record<ContentAction, Scope>>> = {
  // A department editor writes and submits their own departments' records; never publishes (four-eyes rule).
  editor: { read: 'own', create: 'own', update: 'own', discard: 'own', submit: 'own', withdraw: 'own', restore: 'own', history: 'own' },
  // The centre reviewer reads everything and decides; they do not edit what they approve.
  reviewer: { read: 'any', publish: 'any', return: 'any', archive: 'any', history: 'any' },
  // 三员: the administrators keep accounts, policies and the audit trail, and never touch content.
  sysadmin: {},
  secadmin: {},
  auditor: {},
};

/** The records `role` may take `action` on, if any. */
export function scopeOf(role: Role | null, action: ContentAction): Scope | undefined {
  return role ? CONTENT_PERMISSIONS[role][action] : undefined;
}

/** Does `role` (with `departments`) may take `action` on a record owned by `owner`? Default deny. */
export function allows(role: Role | null, departments: readonly string[], action: ContentAction, owner: string): boolean {
  const scope = scopeOf(role, action);
  return scope === 'any' || (scope === 'own' && departments.includes(owner));
}

/**
 * Citizens' feedback (好差评 / 反映问题) about matters: department editors read and answer their own departments';
 * the centre's reviewers read everything (and the counts per matter) but leave the answer to the department.
 */
export const FEEDBACK_PERMISSIONS: Record<Role, Partial<Record<'read' | 'answer', Scope>>> = {
  editor: { read: 'own', answer: 'own' },
  reviewer: { read: 'any' },
  sysadmin: {},
  secadmin: {},
  auditor: {},
};

export function allowsFeedback(role: Role | null, departments: readonly string[], action: 'read' | 'answer', owner: string): boolean {
  const scope = role ? FEEDBACK_PERMISSIONS[role][action] : undefined;
  return scope === 'any' || (scope === 'own' && departments.includes(owner));
}
