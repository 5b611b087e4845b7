/**
 * Which requests are pages. Everything under /api, /health and /metrics is a machine interface and answers JSON
 * (with the API's strict `default-src 'none'` policy); every other path is a page (the portal, the staff console,
 * static assets) and answers HTML, errors included. Here, not in web/, because the HTTP plumbing of common/ (security
 * headers, rate limits, the error filter, the input guard) decides by it.
 */
const MACHINE = /^\/(api|health|metrics)(\/|$)/;

export function isPagePath(path: string): boolean {
  return !MACHINE.test(path);
}
