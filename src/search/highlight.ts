/** Highlight markers that cannot occur in catalogue text; replaced by <em> after HTML-escaping. */
export const PRE = '\u0002';
export const POST = '\u0003';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Meilisearch returns highlighted text unescaped and with one tag per token (<em>公积</em><em>金</em>).
 * This escapes everything, then turns the markers into <em>…</em>, merging adjacent ones: safe to put in HTML.
 */
export function safeHighlight(text: string | undefined): string | undefined {
  if (text === undefined || text === null) return undefined;
  return String(text)
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .split(`${POST}${PRE}`)
    .join('')
    .replace(new RegExp(PRE, 'g'), '<em>')
    .replace(new RegExp(POST, 'g'), '</em>');
}
