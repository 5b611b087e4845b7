// isPagePath lives in common/ (the HTTP plumbing decides by it); re-exported for the pages that import it from here.
export { isPagePath } from '../common/page-paths';

/** The value of one cookie in a Cookie header (no cookie parser needed for the few the pages read). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
