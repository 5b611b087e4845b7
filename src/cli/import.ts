import { readFileSync } from 'node:fs';
import { ExchangeImportService, ImportRejectedError } from '../exchange/exchange-import.service';
import { cliActor } from '../auth/actor';
import { progressPrinter, runCli } from './cli-app';

/** npm run import -- FILE [--dry-run]: upsert an exchange document by code, all or nothing. */
void runCli(async (app) => {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('用法 / usage: npm run import -- FILE.json [--dry-run]');
    return 2;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`无法读取 ${file}：${(e as Error).message}`);
    return 2;
  }
  try {
    const report = await app.get(ExchangeImportService).import(doc, { dryRun: process.argv.includes('--dry-run'), onProgress: progressPrinter(), actor: cliActor('import') });
    console.log(report.dryRun ? '试运行（未做修改） / dry run, nothing changed:' : '导入完成 / imported:');
    for (const [kind, c] of Object.entries(report.counts)) {
      console.log(`  ${kind.padEnd(12)} 新增 created ${c.created}, 更新 updated ${c.updated}, 未变 unchanged ${c.unchanged}`);
    }
    if (report.notes) console.log(`  质量提示 quality notes: ${report.notes}`);
    if (report.incomplete) console.log(`  不完整（已直接发布；工作人员提交时会被拦下）incomplete records, published anyway: ${report.incomplete}`);
    return 0;
  } catch (e) {
    if (e instanceof ImportRejectedError) {
      console.error(`${e.message}：`);
      for (const p of e.problems) console.error(`  ${p.record}  ${p.field || '-'}  ${p.message}`);
      return 1;
    }
    throw e;
  }
});
