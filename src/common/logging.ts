import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { currentRequestId } from './logging-context';

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Keys masked wherever an object is logged (strings are logged as written, so messages never include secrets). */
const REDACT = ['authorization', 'password', 'currentPassword', 'newPassword', 'initialPassword', 'token', 'totp', 'secret', 'apiKey'];

/**
 * The service's logger: Nest's ConsoleLogger, as text for developers (LOG_FORMAT=text) or one JSON object a line
 * for log shippers (LOG_FORMAT=json), and in both the id of the request being handled — `requestId` in JSON,
 * `[req <id>]` in text — taken from the request context the httpHeaders middleware starts.
 */
export class AppLogger extends ConsoleLogger {
  constructor(format: AppConfig['LOG_FORMAT'], level: AppConfig['LOG_LEVEL']) {
    const json = format === 'json';
    super({
      json,
      // colours only on a terminal, not in files, pipes or journald
      colors: !json && !!process.stdout.isTTY,
      logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
      // JSON: structured fields at the top level, next to level, timestamp, message, context and requestId.
      flattenParams: json,
      redact: REDACT,
    });
  }

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const record = super.getJsonLogObject(message, options);
    const requestId = currentRequestId();
    return requestId ? { ...record, requestId } : record;
  }

  protected override formatContext(context: string): string {
    const requestId = currentRequestId();
    return `${super.formatContext(context)}${requestId ? `[req ${requestId}] ` : ''}`;
  }
}
