import { writeFileSync } from 'node:fs';
import { ExchangeExportService } from '../exchange/exchange-export.service';
import { AuditService } from '../audit/audit.service';
import { cliActor } from '../auth/actor';
import { runCli } from './cli-app';

/** npm run export -- FILE [--published]: the whole catalogue in the exchange format. */
void runCli(async (app) => {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('用法 / usage: npm run export -- FILE.json [--published]');
    return 2;
  }
  const doc = await app.get(ExchangeExportService).exportAll(process.argv.includes('--published') ? { status: 'published' } : {});
  await app.get(AuditService).recordAlone({
    actor: cliActor('export'),
    action: 'catalogue.export',
    objectType: 'export',
    details: { file, published: process.argv.includes('--published') },
  });
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(
    `已导出 / exported: ${doc.departments.length} departments, ${doc.locations.length} locations, ${doc.matters.length} matters, ${doc.guides.length} guides, ${doc.bundles.length} bundles → ${file}`,
  );
});
