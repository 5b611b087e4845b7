/** Where a request body stopped being JSON: 0-based `position`, 1-based `line` and `column`. */
export interface JsonErrorLocation {
  position: number;
  line: number;
  column: number;
}

/**
 * Locates a JSON syntax error in `text`: from V8's message ("… at position 12", Node 20 and later), else by finding
 * the shortest prefix that fails for a reason other than ending early (a failure in a prefix stays a failure in
 * every longer one, so a binary search finds it).
 */
export function locateJsonError(text: string, message: string): JsonErrorLocation | undefined {
  let position = Number(message.match(/at position (\d+)/)?.[1] ?? NaN);
  if (Number.isNaN(position)) {
    const failsEarly = (length: number) => {
      try {
        JSON.parse(text.slice(0, length));
        return false;
      } catch (e) {
        // Failing at the very end of the prefix only means it was cut short.
        const message = (e as Error).message;
        const at = message.match(/at position (\d+)/);
        return at ? Number(at[1]) < length : !/end of (JSON|data)/i.test(message);
      }
    };
    if (!failsEarly(text.length)) {
      position = text.length; // the text ended too soon
    } else {
      let [low, high] = [0, text.length];
      while (low < high) {
        const mid = (low + high) >> 1;
        if (failsEarly(mid)) high = mid;
        else low = mid + 1;
      }
      position = Math.max(0, low - 1);
    }
  }
  if (position > text.length) return undefined;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { position, line, column: position - before.lastIndexOf('\n') };
}

/**
 * The answer to a body-parser JSON error (`type: 'entity.parse.failed'`, with the raw text as `body`): where it
 * broke, in the message and in `details`. Undefined for any other error.
 */
export function malformedJsonBody(err: unknown): { statusCode: 400; code: 'MALFORMED_BODY'; message: string; details?: JsonErrorLocation } | undefined {
  const e = err as { type?: string; body?: unknown; message?: string } | undefined;
  if (!e || e.type !== 'entity.parse.failed') return undefined;
  const where = typeof e.body === 'string' ? locateJsonError(e.body, e.message ?? '') : undefined;
  if (!where) return { statusCode: 400, code: 'MALFORMED_BODY', message: '请求体不是有效的 JSON' };
  return {
    statusCode: 400,
    code: 'MALFORMED_BODY',
    message: `请求体不是有效的 JSON：第 ${where.line} 行第 ${where.column} 列附近有误（JSON 不允许注释和末尾的逗号）`,
    details: where,
  };
}
