#!/usr/bin/env node
// Run first by `npm test`: the browser tests drive Debian's Chromium (playwright-core cannot download a browser
// here). When CHROMIUM_PATH (default /usr/bin/chromium) is missing and we are root — CI on a fresh machine — install
// chromium and the Noto CJK fonts (Chinese glyphs in screenshots and PDFs) with apt-get. Otherwise say what to do
// and carry on: the browser tests then fail with the same advice.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || path !== '/usr/bin/chromium') {
  console.warn(`[ensure-browser] ${path} not found; install it (Debian: apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH.`);
  process.exit(0);
}
console.log('[ensure-browser] installing chromium and fonts-noto-cjk with apt-get …');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk']]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`[ensure-browser] apt-get ${args.join(' ')} failed (${r.status}); the browser tests will fail.`);
    process.exit(0);
  }
}
