/**
 * Which requests are pages. Everything under /api, /health and /metrics is a machine interface and answers JSON
 * (with the API's strict `default-src 'none'` policy); every other path is a page (the portal, the staff console,
 * static assets) and answers HTML, errors included.
 */
const MACHINE = /^\/(api|health|metrics)(\/|$)/;

export function isPagePath(path: string): boolean {
  return !MACHINE.test(path);
}

/** The value of one cookie in a Cookie header (no cookie parser needed for the few the pages read). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
