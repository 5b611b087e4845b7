import type { Role } from './roles';

/**
 * Who may do what to catalogue content (matters, guide entries, bundles), as data: role × action → the records
 * the role may act on ('own' = records of the departments assigned to the account, 'any' = every record).
 * A role or action not listed is denied. The services ask `allows()`; the permission-matrix e2e test reads
 * this table and checks every cell (role × own/other department × action) against the running service.
 */
export const CONTENT_ACTIONS = ['read', 'create', 'update', 'discard', 'submit', 'withdraw', 'publish', 'return', 'archive', 'restore', 'history'] as const;
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
 * Who may administer accounts, approvals and API keys, as data (the account routes declare their audience with
 * `rolesFor()`, so the guard enforces this very table). Scopes: 'any' = every account or request; 'plain' = only
 * accounts without a privileged role (PRIVILEGED_ROLES: the administrators and reviewers) — a privileged account
 * needs an approved request instead (`request-approval` → `decide-approval` → `execute-approval`); 'own' = only
 * requests the caller made. No single administrator can take over another role's account: 三员分立 holds even
 * against the system administrator who keeps the accounts.
 */
export const ACCOUNT_ACTIONS = [
  'list-accounts',
  'create-account',
  'update-account',
  'disable-account',
  'reset-password',
  'assign-role',
  'reset-totp',
  'list-approvals',
  'request-approval',
  'decide-approval',
  'execute-approval',
  'manage-api-keys',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
export type AccountScope = 'any' | 'plain' | 'own';

export const ACCOUNT_PERMISSIONS: Record<Role, Partial<Record<AccountAction, AccountScope>>> = {
  // keeps accounts: creates, renames, re-enables; resets and disables only plain accounts directly
  sysadmin: {
    'list-accounts': 'any',
    'create-account': 'any',
    'update-account': 'any',
    'disable-account': 'plain',
    'reset-password': 'plain',
    'list-approvals': 'any',
    'request-approval': 'any',
    'execute-approval': 'own',
  },
  // keeps roles, second factors, the policy and client systems' keys; approves the system administrator's requests
  secadmin: {
    'list-accounts': 'any',
    'assign-role': 'any',
    'reset-totp': 'any',
    'list-approvals': 'any',
    'decide-approval': 'any',
    'manage-api-keys': 'any',
  },
  // the second approver when the security administrator is the account concerned (or absent); changes nothing else
  auditor: { 'list-approvals': 'any', 'decide-approval': 'any' },
  reviewer: {},
  editor: {},
};

/** The roles that may take `action` at all (the audience of its routes). */
export function rolesFor(action: AccountAction): Role[] {
  return (Object.keys(ACCOUNT_PERMISSIONS) as Role[]).filter((role) => ACCOUNT_PERMISSIONS[role][action] !== undefined);
}

/** The accounts or requests `role` may take `action` on, if any. */
export function accountScopeOf(role: Role | null, action: AccountAction): AccountScope | undefined {
  return role ? ACCOUNT_PERMISSIONS[role][action] : undefined;
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
