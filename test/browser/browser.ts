import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

/**
 * Browser-test helpers: Debian's Chromium driven by playwright-core (no browser download), axe-core injected into a
 * CSP-bypassing context (the page CSP forbids inline script, so only the axe run bypasses it), screenshots written
 * to docs/screenshots/ where a person can open them.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1, isMobile: true, hasTouch: true };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (npm test does this as root) or set CHROMIUM_PATH`);
  }
  // As root Chromium refuses to start without --no-sandbox.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A context with the base URL; pass `bypassCSP: true` only for axe runs. */
export function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ ...options, baseURL });
}

const AXE_SOURCE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; the page must come from a `bypassCSP: true` context. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE() });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

/** The serious and critical violations only (what the tests forbid), formatted for a readable failure. */
export function serious(violations: AxeViolation[]): string[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} — ${JSON.stringify(v.nodes)}`);
}

/** Writes docs/screenshots/<name>.png: the whole page, cut at `maxHeight` CSS pixels so long guides stay small (0: the viewport). */
export async function screenshot(page: Page, name: string, maxHeight = 2400): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if (maxHeight === 0) {
    await page.screenshot({ path }); // what the visitor sees now (the viewport)
    return path;
  }
  const width = page.viewportSize()?.width ?? 1280;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } });
  return path;
}
