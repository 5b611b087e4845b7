import type { ComponentChildren } from 'preact';
import type { PageContext } from './page-context';

export interface PageMeta {
  /** The page's own title; the site name is appended. */
  title: string;
  description?: string;
  /** Path of the canonical URL (made absolute with PUBLIC_URL). Omit for pages that should not be indexed. */
  canonical?: string;
  noindex?: boolean;
}

export interface NavLink {
  href: string;
  label: string;
}

export interface LayoutProps {
  ctx: PageContext;
  meta: PageMeta;
  siteName: string;
  homeHref?: string;
  nav?: NavLink[];
  /** Extra controls in the header (the portal's 长辈版 switch). */
  headerExtra?: ComponentChildren;
  footer?: ComponentChildren;
  /** ES modules to load (asset file names), e.g. ['portal.js']. */
  scripts?: string[];
  /** Style sheets (asset file names); the first is the shared one. */
  styles?: string[];
  bodyClass?: string;
  children: ComponentChildren;
}

/**
 * The document every page shares: lang="zh-CN", one skip link, header / main / footer landmarks, the system
 * Chinese font stack (no web fonts, nothing from a CDN: every URL here is Banshi's own). No inline script or
 * style — the Content-Security-Policy of page routes forbids both.
 */
export function Layout(p: LayoutProps) {
  const { ctx, meta } = p;
  const styles = p.styles ?? ['site.css'];
  const classes = [ctx.elder ? 'elder' : '', p.bodyClass ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <html lang="zh-CN" class={classes}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} - ${p.siteName}`}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.canonical && <link rel="canonical" href={`${ctx.publicUrl}${meta.canonical}`} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        <meta name="format-detection" content="telephone=no" />
        {styles.map((s) => (
          <link rel="stylesheet" href={ctx.assets.url(s)} />
        ))}
        {s(p.scripts).map((js) => (
          <script type="module" src={ctx.assets.url(js)} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="site-name" href={p.homeHref ?? '/'}>
              {p.siteName}
            </a>
            {p.headerExtra}
          </div>
          {p.nav && p.nav.length > 0 && (
            <nav class="site-nav" aria-label="主导航">
              <ul class="wrap">
                {p.nav.map((n) => (
                  <li>
                    <a href={n.href}>{n.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {p.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">{p.footer}</div>
        </footer>
      </body>
    </html>
  );
}

const s = (list: string[] | undefined) => list ?? [];
