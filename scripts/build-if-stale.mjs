#!/usr/bin/env node
// Builds dist/ with `nest build` only when it is not current, so `npm start`, `npm run import` and the other npm
// scripts start at once on an unchanged checkout (a no-op `nest build` still takes 10–70 s on a busy 2-core machine).
//
// dist/ is current when dist/.build-stamp exists, lists exactly the build's input files, and no input file is newer
// than it. The stamp is written only after a build succeeded. `--force` builds regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
// What tsconfig.build.json compiles, and what changes how it is compiled.
const inputDirs = ['src', 'migrations', 'seeds'];
const inputFiles = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

function inputs() {
  const found = inputFiles.filter((f) => existsSync(join(root, f)));
  for (const dir of inputDirs) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) found.push(relative(root, join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  return found.sort();
}

function staleBecause(files) {
  if (!existsSync(stamp)) return 'dist/ was never built here';
  const built = statSync(stamp).mtimeMs;
  if (readFileSync(stamp, 'utf8') !== files.join('\n')) return 'source files were added or removed';
  const newer = files.find((f) => statSync(join(root, f)).mtimeMs > built);
  return newer ? `${newer} changed` : undefined;
}

const files = inputs();
const reason = process.argv.includes('--force') ? '--force' : staleBecause(files);
if (reason) {
  process.stderr.write(`building dist/ (${reason}) …\n`);
  // The stamp carries the build's start time: a file saved while tsc runs counts as changed next time.
  const started = new Date();
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, files.join('\n'));
  utimesSync(stamp, started, started);
}
