import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ACTIONS, ACCOUNT_PERMISSIONS, CONTENT_ACTIONS, CONTENT_PERMISSIONS } from '../../src/auth/permission-matrix';
import { ROLES } from '../../src/auth/roles';

type Role = (typeof ROLES)[number];

/** The table between `<!-- NAME:start -->` and `<!-- NAME:end -->`: its role columns and its rows of cells. */
function docTable(name: string) {
  const doc = readFileSync(join(__dirname, '../../docs/staff.md'), 'utf8');
  const start = doc.indexOf(`<!-- ${name}:start -->`);
  expect(start).toBeGreaterThanOrEqual(0);
  const table = doc
    .slice(start, doc.indexOf(`<!-- ${name}:end -->`))
    .split('\n')
    .filter((line) => line.startsWith('|')); // the marker and blank lines (Prettier puts one after the marker) are not rows
  const header = table[0]
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const rows = table.slice(2).map((line) =>
    line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean),
  );
  return { roles: header.slice(1) as Role[], rows };
}

function expectSame(name: string, actions: readonly string[], permissions: Record<Role, Partial<Record<string, string>>>) {
  const { roles, rows } = docTable(name);
  expect([...roles].sort()).toEqual([...ROLES].sort());
  expect(rows.map((r) => r[0])).toEqual([...actions]);
  for (const row of rows) {
    roles.forEach((role, i) => {
      const cell = row[i + 1] === '—' ? undefined : row[i + 1];
      expect({ action: row[0], role, scope: cell }).toEqual({ action: row[0], role, scope: permissions[role][row[0]] });
    });
  }
}

/** docs/staff.md shows the permission matrices to people; this keeps them equal to the ones the code enforces. */
describe('docs/staff.md permission matrices', () => {
  it('content: matches CONTENT_PERMISSIONS cell for cell', () => expectSame('matrix', CONTENT_ACTIONS, CONTENT_PERMISSIONS));
  it('accounts, approvals and API keys: matches ACCOUNT_PERMISSIONS cell for cell', () => expectSame('account-matrix', ACCOUNT_ACTIONS, ACCOUNT_PERMISSIONS));
});
