import { allows, CONTENT_ACTIONS, CONTENT_PERMISSIONS } from './permission-matrix';
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
});
