/**
 * The five staff roles. 三员分立 (GB/T 22239-2019 level 3): the system, security and audit administrators are
 * separate accounts with disjoint powers, and none of them edits or publishes catalogue content. An account holds
 * at most one role, so the roles are mutually exclusive by construction; there is no superuser.
 */
export const ROLES = ['sysadmin', 'secadmin', 'auditor', 'reviewer', 'editor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  reviewer: '中心审核员',
  editor: '部门编辑',
};

/** The three administrator roles of 三员分立; the bootstrap creates one account of each. */
export const ADMIN_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor'];

/**
 * Roles whose accounts no single administrator may take over: the three administrators and the reviewers (who
 * publish). A second factor is required of them by default, and resetting or disabling one needs the approval of a
 * second administrator (src/auth/approvals.service.ts).
 */
export const PRIVILEGED_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor', 'reviewer'];
