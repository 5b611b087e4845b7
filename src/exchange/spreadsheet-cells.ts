/**
 * Spreadsheet safety: a cell that starts with = + - @ (or a tab / carriage return) is a formula to Excel and
 * WPS. Exported text cells get a leading apostrophe so they stay text (OWASP "CSV injection").
 * Apostrophes already in front of such a character get one more, so `restore` undoes `neutralise` exactly.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `neutralise`: what an exported cell held before it was neutralised. */
export function restore(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; formulas neutralised. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = neutralise(
    Array.isArray(value)
      ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('；')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value),
  );
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
