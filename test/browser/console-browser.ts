import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, newContext } from './browser';

/** A desktop context for the console; JavaScript off unless asked (every console page must work without it). */
export function consoleContext(browser: Browser, base: string, opts: { js?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return newContext(browser, base, { ...DESKTOP, javaScriptEnabled: opts.js ?? false, bypassCSP: opts.bypassCSP ?? false });
}

/** Signs in through the console's sign-in page. */
export async function signInPage(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
