import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * `src/common/` is the cross-cutting code (errors, pagination, validation, HTTP plumbing) every module may use; it
 * must not depend on a feature module, or the dependencies go in a circle. Feature modules register what common
 * code needs (e.g. ERROR_PAGES, the parts of the protection given by src/app.setup.ts). Only the validated
 * configuration (src/config) is allowed besides common/ itself and packages.
 */
const SRC = resolve(__dirname, '../../src');
const COMMON = join(SRC, 'common');
const ALLOWED = [COMMON, join(SRC, 'config')];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module a file imports, re-exports, requires or imports dynamically (TypeScript's own pre-processor). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

describe('src/common imports no feature module', () => {
  const files = sources(COMMON);

  it('finds the files and their imports (the check below would pass vacuously otherwise)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(importsOf(join(COMMON, 'error.filter.ts'))).toEqual(expect.arrayContaining(['./app-error', '@nestjs/common']));
  });

  it('every relative import of src/common stays in src/common or src/config', () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => !ALLOWED.some((dir) => target === dir || target.startsWith(dir + '/')))
        .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
    );
    expect(offending).toEqual([]);
  });
});
