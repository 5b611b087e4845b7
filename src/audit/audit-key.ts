import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const AUDIT_KEY = Symbol('AUDIT_KEY');

/** AUDIT_KEY, or the key generated once under DATA_DIR (so a local instance verifies its own trail across restarts). */
export function resolveAuditKey(config: AppConfig): string {
  if (config.AUDIT_KEY) return config.AUDIT_KEY;
  const file = join(config.dataDir, 'audit.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return readFileSync(file, 'utf8').trim(); // another process (the CLI, a second instance) wrote it first
  }
}
