import type { Browser } from 'playwright-core';
import { Banshi, startBanshi } from '../setup/test-app';
import { axe, launchBrowser, newContext, serious } from './browser';

/** The web foundation: HTML error pages on page routes (JSON stays JSON on the API), the page CSP, static assets. */
describe('web foundation', () => {
  let banshi: Banshi;
  let browser: Browser;

  beforeAll(async () => {
    [banshi, browser] = await Promise.all([startBanshi(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await banshi?.close();
  });

  it('an unknown page is an HTML 404 page with the page CSP; an unknown API route stays JSON with the API CSP', async () => {
    const page = await banshi.http().get('/no-such-page').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/^<!doctype html><html lang="zh-CN"/);
    expect(page.text).toContain('找不到这个页面');
    expect(page.text).not.toMatch(/at \w+ \(|node_modules|stack/i);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');

    const api = await banshi.http().get('/api/v1/no-such-route').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    expect(api.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('hostile input on a page route is an HTML 400 page, never a 500', async () => {
    const nul = await banshi.http().get('/no-such-page?q=%00').expect(400);
    expect(nul.headers['content-type']).toMatch(/^text\/html/);
    expect(nul.text).toContain('请求有误');
    const proto = await banshi.http().get('/anything?constructor=1').expect(400);
    expect(proto.headers['content-type']).toMatch(/^text\/html/);
    // …and the API keeps its JSON answer for the same input
    const api = await banshi.http().get('/api/v1/matters?q=%00').expect(400);
    expect(api.body.code).toBe('VALIDATION_FAILED');
  });

  it('serves the style sheet under a content-hashed URL with a strong ETag and a one-year immutable cache', async () => {
    const page = await banshi.http().get('/no-such-page');
    const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(page.text)?.[1];
    expect(href).toBeDefined();
    const css = await banshi.http().get(href!).expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers.etag).toMatch(/^"[0-9a-f]{10}"$/);
    expect(href).toContain(css.headers.etag.replace(/"/g, ''));
    await banshi.http().get(href!).set('If-None-Match', css.headers.etag).expect(304);
    // an old or invented version is not served
    await banshi.http().get('/assets/site.0000000000.css').expect(404);
    await banshi.http().get('/assets/..%2f..%2fpackage.json').expect(404);
  });

  it('the error page is accessible (axe: no serious or critical violations) and keyboard users can skip to the content', async () => {
    const ctx = await newContext(browser, banshi.url, { bypassCSP: true, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    expect(serious(await axe(page))).toEqual([]);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('跳到正文');
    await ctx.close();
  });

  it('the page CSP is enforced in the browser: the style sheet loads, inline script does not run', async () => {
    const ctx = await newContext(browser, banshi.url);
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && violations.push(m.text()));
    await page.goto('/no-such-page');
    // the style sheet applied: the header has the brand background
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).backgroundColor);
    expect(bg).toBe('rgb(10, 79, 150)');
    expect(violations).toEqual([]);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
    });
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect(violations.join('\n')).toMatch(/Content.Security.Policy/i);
    await ctx.close();
  });
});
