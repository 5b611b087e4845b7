import { accountScopeOf, ACCOUNT_ACTIONS, ACCOUNT_PERMISSIONS, allows, CONTENT_ACTIONS, CONTENT_PERMISSIONS, rolesFor } from './permission-matrix';
import { ROLES } from './roles';

describe('permission matrix', () => {
  it('denies by default: no role, unknown action, other department', () => {
    expect(allows(null, ['A'], 'read', 'A')).toBe(false);
    expect(allows('editor', ['A'], 'publish', 'A')).toBe(false);
    expect(allows('editor', ['A'], 'update', 'B')).toBe(false);
    expect(allows('editor', [], 'update', 'A')).toBe(false);
  });

  it('follows the table for every role × action × ownership', () => {
    for (const role of ROLES) {
      for (const action of CONTENT_ACTIONS) {
        const scope = CONTENT_PERMISSIONS[role][action];
        expect(allows(role, ['A'], action, 'A')).toBe(scope === 'own' || scope === 'any');
        expect(allows(role, ['A'], action, 'B')).toBe(scope === 'any');
      }
    }
  });

  it('keeps 三员分立: administrators have no content power; nobody both edits and publishes', () => {
    for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) expect(Object.keys(CONTENT_PERMISSIONS[role])).toEqual([]);
    for (const role of ROLES) {
      const p = CONTENT_PERMISSIONS[role];
      expect(!!p.update && !!p.publish).toBe(false);
    }
  });

  it('accounts: no administrator resets or disables a privileged account alone, nor decides their own requests', () => {
    for (const role of ROLES) {
      // direct resets and disables reach only plain accounts; whoever asks for an approval cannot decide one
      for (const action of ['reset-password', 'disable-account'] as const) expect([undefined, 'plain']).toContain(accountScopeOf(role, action));
      expect(!!ACCOUNT_PERMISSIONS[role]['request-approval'] && !!ACCOUNT_PERMISSIONS[role]['decide-approval']).toBe(false);
      expect(!!ACCOUNT_PERMISSIONS[role]['decide-approval'] && !!ACCOUNT_PERMISSIONS[role]['execute-approval']).toBe(false);
    }
    // client systems' keys (drafts, imports) are not issued by the account keeper
    expect(rolesFor('manage-api-keys')).not.toContain('sysadmin');
    expect(rolesFor('decide-approval').length).toBeGreaterThanOrEqual(2); // a second approver when one is the account concerned
    expect(accountScopeOf(null, 'list-accounts')).toBeUndefined();
    for (const action of ACCOUNT_ACTIONS) expect(rolesFor(action).length).toBeGreaterThan(0);
  });
});
