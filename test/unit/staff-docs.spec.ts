import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_ACTIONS, CONTENT_PERMISSIONS } from '../../src/auth/permission-matrix';
import { ROLES } from '../../src/auth/roles';

/** docs/staff.md shows the permission matrix to people; this keeps it equal to the one the code enforces. */
describe('docs/staff.md permission matrix', () => {
  it('matches src/auth/permission-matrix.ts cell for cell', () => {
    const doc = readFileSync(join(__dirname, '../../docs/staff.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- matrix:start -->'), doc.indexOf('<!-- matrix:end -->')).trim().split('\n').slice(1);
    const header = table[0].split('|').map((c) => c.trim()).filter(Boolean);
    expect(header.slice(1).sort()).toEqual([...ROLES].sort());
    const rows = table.slice(2).map((line) => line.split('|').map((c) => c.trim()).filter(Boolean));
    expect(rows.map((r) => r[0])).toEqual([...CONTENT_ACTIONS]);
    for (const row of rows) {
      header.slice(1).forEach((role, i) => {
        const cell = row[i + 1] === '—' ? undefined : row[i + 1];
        expect({ action: row[0], role, scope: cell }).toEqual({ action: row[0], role, scope: CONTENT_PERMISSIONS[role as (typeof ROLES)[number]][row[0] as (typeof CONTENT_ACTIONS)[number]] });
      });
    }
  });
});
