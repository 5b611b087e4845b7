import { existsSync } from 'node:fs';
import { AppError } from '../common/app-error';
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
  if (!existsSync(file)) {
    console.error(`无法读取 ${file}：文件不存在`);
    return 2;
  }
  try {
    // streamed record by record (never parsed whole), so a province-sized file fits in a small process
    const report = await app
      .get(ExchangeImportService)
      .importFile(file, { dryRun: process.argv.includes('--dry-run'), onProgress: progressPrinter(), actor: cliActor('import') });
    console.log(report.dryRun ? '试运行（未做修改） / dry run, nothing changed:' : '导入完成 / imported:');
    for (const [kind, c] of Object.entries(report.counts)) {
      console.log(`  ${kind.padEnd(12)} 新增 created ${c.created}, 更新 updated ${c.updated}, 未变 unchanged ${c.unchanged}`);
    }
    if (report.notes) console.log(`  质量提示 quality notes: ${report.notes}`);
    if (report.incomplete) console.log(`  不完整（已直接发布；工作人员提交时会被拦下）incomplete records, published anyway: ${report.incomplete}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError && !(e instanceof ImportRejectedError) && e.status < 500) {
      console.error(`${file}：${e.message}`);
      return 1;
    }
    if (e instanceof ImportRejectedError) {
      console.error(`${e.message}：`);
      for (const p of e.problems) console.error(`  ${p.record}  ${p.field || '-'}  ${p.message}`);
      return 1;
    }
    throw e;
  }
});
