import { AccountsService } from '../auth/accounts.service';
import { cliActor } from '../auth/actor';
import { ROLE_LABELS } from '../auth/roles';
import { runCli } from './cli-app';

/**
 * npm run bootstrap: on a system without staff accounts, creates the three administrator accounts of 三员分立
 * (sysadmin, secadmin, auditor), each with a one-time password printed here once (never logged). Each must be
 * changed at first sign-in. Refused once any account exists.
 */
void runCli(async (app) => {
  const created = await app.get(AccountsService).bootstrap(cliActor('bootstrap'));
  console.log('已创建三员账号（一次性密码，只显示这一次；首次登录必须修改）/ one-time passwords, shown once:');
  for (const a of created) console.log(`  ${a.login.padEnd(10)} ${ROLE_LABELS[a.role].padEnd(6, '　')} ${a.password}`);
});
