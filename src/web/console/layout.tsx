import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { ROLE_LABELS } from '../../auth/roles';

/** What every console page knows about the request: who is signed in and the form token. */
export interface PageContext {
  actor?: Actor | null;
  csrf?: string;
}

/** The console's CSP: no script at all (every page works without JavaScript), styles and images from here only. */
export const CONSOLE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const NAV: { href: string; label: string; roles: readonly string[] }[] = [
  { href: '/admin', label: '我的工作', roles: ['editor', 'reviewer'] },
  { href: '/admin/matters/new', label: '新建事项', roles: ['editor'] },
  { href: '/admin/review', label: '待审核', roles: ['reviewer'] },
];

/** A hidden CSRF field; put one in every POST form. */
export const Csrf = ({ token }: { token?: string }) => <input type="hidden" name="_csrf" value={token ?? ''} />;

export function Layout({ title, ctx, children }: { title: string; ctx: PageContext; children: ComponentChildren }) {
  const actor = ctx.actor;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - Banshi 工作台`}</title>
        <link rel="stylesheet" href="/admin/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="top">
          <div class="wrap top-row">
            <a class="brand" href="/admin">Banshi 办事 · 工作台</a>
            {actor && (
              <div class="who">
                <span>{actor.login}{actor.role ? `（${ROLE_LABELS[actor.role]}）` : '（未分配角色）'}</span>
                <form method="post" action="/admin/sign-out" class="inline">
                  <Csrf token={ctx.csrf} />
                  <button type="submit" class="link-button">退出</button>
                </form>
              </div>
            )}
          </div>
          {actor?.role && (
            <nav class="wrap" aria-label="工作台导航">
              <ul class="nav">
                {NAV.filter((n) => n.roles.includes(actor.role!)).map((n) => <li key={n.href}><a href={n.href}>{n.label}</a></li>)}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** Sends a complete page (no-store, the console CSP). */
export function sendPage(res: Response, status: number, title: string, ctx: PageContext, body: ComponentChildren): void {
  res.status(status).type('html');
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.send(`<!doctype html>${renderToString(<Layout title={title} ctx={ctx}>{body}</Layout>)}`);
}

export interface Problem {
  field: string;
  message: string;
  /** The field's label as the form shows it (added by the page). */
  label?: string;
}

/** The id of the input for an API field path: materials[0].name → f-materials-0-name. */
export const fieldId = (field: string) => `f-${field.replace(/\[(\d+)\]/g, '-$1').replace(/[.[\]]+/g, '-').replace(/-+$/, '')}`;

/** GOV.UK-style error summary: announced (role=alert), each problem links to its field. */
export function ErrorSummary({ problems, title = '请修改以下问题' }: { problems: Problem[]; title?: string }) {
  if (!problems.length) return null;
  // One line per field (the validators may report several constraints of one bad value).
  const first = problems.filter((p, i) => p.field === '' || problems.findIndex((q) => q.field === p.field) === i);
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {first.map((p, i) => <li key={i}><a href={`#${fieldId(p.field)}`}>{p.label ? `${p.label}：` : ''}{p.message}</a></li>)}
      </ul>
    </div>
  );
}

/** A message about the page; `alert` only for what just went wrong (it interrupts a screen reader). */
export const Notice = ({ kind = 'info', alert = false, children }: { kind?: 'info' | 'success' | 'warning'; alert?: boolean; children: ComponentChildren }) => (
  <div class={`notice notice-${kind}`} role={alert ? 'alert' : 'status'}>{children}</div>
);
