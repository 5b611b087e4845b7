import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Chromium for the console tests (../shared/spec/browser-testing.md): Debian's chromium via playwright-core,
 * axe-core injected into pages opened in a bypassCSP context (the console's CSP forbids inline script).
 */
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

export function context(browser: Browser, opts: { js?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, javaScriptEnabled: opts.js ?? false, bypassCSP: opts.bypassCSP ?? false });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe violations of the page (WCAG 2.1 A and AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Signs in through the console's sign-in page. */
export async function signInPage(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
