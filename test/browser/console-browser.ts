import type { Browser, BrowserContext, Page } from 'playwright-core';
import { nextTotpCode } from '../setup/staff';
import type { Banshi } from '../setup/test-app';
import { DESKTOP, newContext } from './browser';

/** A desktop context for the console; JavaScript off unless asked (every console page must work without it). */
export function consoleContext(browser: Browser, base: string, opts: { js?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return newContext(browser, base, { ...DESKTOP, javaScriptEnabled: opts.js ?? false, bypassCSP: opts.bypassCSP ?? false });
}

/**
 * Signs in through the console's sign-in page, with the next TOTP code when the test helpers enrolled the account
 * (administrators and reviewers must have a second factor).
 */
export async function signInPage(page: Page, banshi: Banshi, login: string, password: string): Promise<void> {
  await page.goto(`${banshi.url}/admin/sign-in`);
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  const code = await nextTotpCode(banshi, login);
  if (code) await page.getByLabel(/动态口令/).fill(code);
  await page.getByRole('button', { name: '登录' }).click();
}
