import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { createOpenApiDocument } from '../openapi/openapi.document';

/** The committed contract, at the repository root (this file runs as dist/src/cli/openapi.js). */
export const OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi.json');

/**
 * `npm run openapi`: writes openapi.json from the code. `--check` only compares and exits 1 on drift; `--stdout`
 * prints the document. Needs no database or Meilisearch: the application graph is built in Nest's preview mode,
 * which resolves modules, controllers and routes without instantiating a single provider (so nothing connects).
 */
async function main(): Promise<void> {
  const mode = process.argv[2] ?? '--write';
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error' });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: 'postgres://preview.invalid/none', meiliUrl: 'http://preview.invalid' }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const text = `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
  if (mode === '--stdout') {
    // exit only once a pipe has taken the whole document
    process.stdout.write(text, () => process.exit(0));
    return;
  } else if (mode === '--check') {
    let committed = '';
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      /* missing counts as drift */
    }
    if (committed !== text) {
      console.error('openapi.json differs from the code: run `npm run openapi` and commit the result.');
      process.exit(1);
    }
    console.log('openapi.json matches the code');
  } else {
    writeFileSync(OPENAPI_FILE, text);
    console.log(`wrote ${OPENAPI_FILE}`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
