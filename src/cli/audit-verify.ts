import { cliActor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { runCli } from './cli-app';

/** npm run audit:verify: recomputes the audit trail's hash chain; exit 1 and a list when a record was altered. */
void runCli(async (app) => {
  const audit = app.get(AuditService);
  const { checked, problems, head } = await audit.verify();
  await audit.recordAlone({
    actor: cliActor('audit:verify'),
    action: 'audit.verify',
    objectType: 'audit',
    result: problems.length ? 'failure' : 'success',
    details: { checked, problems: problems.length },
  });
  if (problems.length === 0) {
    console.log(`audit trail intact: ${checked} records, head ${head ?? '(empty)'}`);
    return 0;
  }
  console.log(`audit trail BROKEN: ${problems.length} problem(s) in ${checked} records`);
  for (const p of problems) console.log(`  id ${p.id}: ${p.problem}`);
  return 1;
});
