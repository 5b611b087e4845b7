import { Injectable } from '@nestjs/common';
import type { ComponentChildren } from 'preact';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { rolesFor } from '../../auth/permission-matrix';
import { ROLE_LABELS } from '../../auth/roles';
import { AppConfig } from '../../config/app-config';
import { pageContext } from '../page-request';
import { AssetRegistry } from '../ui/assets';
import { renderDocument } from '../ui/document';
import { Layout } from '../ui/layout';

/** What every console page knows about the request: who is signed in and the form token. */
export interface ConsoleContext {
  actor?: Actor | null;
  csrf?: string;
}

const NAV: { href: string; label: string; roles: readonly string[] }[] = [
  { href: '/admin/work', label: '我的工作', roles: ['editor', 'reviewer'] },
  { href: '/admin/matters/new', label: '新建事项', roles: ['editor'] },
  { href: '/admin/review', label: '待审核', roles: ['reviewer'] },
  { href: '/admin/import', label: '批量导入', roles: ['editor', 'sysadmin'] },
  { href: '/admin/feedback', label: '群众反馈', roles: ['editor', 'reviewer'] },
  { href: '/admin/search', label: '搜索调优', roles: ['reviewer'] },
  { href: '/admin/audit', label: '审计记录', roles: ['auditor'] },
  // part B: the other content kinds, and the three administrators' pages (audiences from the permission matrix)
  { href: '/admin/guides', label: '指南条目', roles: ['editor', 'reviewer'] },
  { href: '/admin/bundles', label: '一件事', roles: ['editor', 'reviewer'] },
  { href: '/admin/accounts', label: '账号', roles: rolesFor('list-accounts') },
  { href: '/admin/approvals', label: '审批', roles: rolesFor('list-approvals') },
  { href: '/admin/departments', label: '部门', roles: ['sysadmin'] },
  { href: '/admin/locations', label: '服务场所', roles: ['sysadmin'] },
  { href: '/admin/security-policy', label: '安全策略', roles: ['secadmin', 'sysadmin', 'auditor'] },
  { href: '/admin/api-keys', label: '接口密钥', roles: rolesFor('manage-api-keys') },
  { href: '/admin/webhooks', label: '变更推送', roles: ['secadmin'] },
];

/** A hidden CSRF field; put one in every POST form. */
export const Csrf = ({ token }: { token?: string }) => <input type="hidden" name="_csrf" value={token ?? ''} />;

/**
 * One button that POSTs (with the CSRF token and any hidden `fields`): how the console acts on a row — enable, revoke,
 * delete, approve — without JavaScript. `ariaLabel` names the row when the visible word alone ("删除") would not.
 */
export const PostButton = (props: {
  action: string;
  csrf?: string;
  buttonClass: string;
  ariaLabel?: string;
  fields?: ComponentChildren;
  children: ComponentChildren;
}) => (
  <form method="post" action={props.action} class="inline">
    <Csrf token={props.csrf} />
    {props.fields}
    <button type="submit" class={props.buttonClass} aria-label={props.ariaLabel}>
      {props.children}
    </button>
  </form>
);

function WhoAmI({ ctx }: { ctx: ConsoleContext }) {
  const actor = ctx.actor;
  if (!actor) return null;
  return (
    <div class="console-who">
      <span>
        {actor.login}
        {actor.role ? `（${ROLE_LABELS[actor.role]}）` : '（未分配角色）'}
      </span>
      <PostButton action="/admin/sign-out" csrf={ctx.csrf} buttonClass="link-button">
        退出
      </PostButton>
    </div>
  );
}

/**
 * Renders console pages in the shared web Layout (src/web/ui: landmarks, skip link, assets, the page CSP set by
 * protection.ts) with the console's header, navigation and style sheet.
 */
@Injectable()
export class ConsolePages {
  constructor(
    private readonly assets: AssetRegistry,
    private readonly config: AppConfig,
  ) {}

  send(req: Request, res: Response, status: number, title: string, ctx: ConsoleContext, body: ComponentChildren): void {
    const role = ctx.actor?.role;
    const nav = role ? NAV.filter((n) => n.roles.includes(role)).map(({ href, label }) => ({ href, label })) : undefined;
    res.status(status).type('html');
    res.setHeader('Cache-Control', 'no-store');
    res.send(
      renderDocument(
        <Layout
          ctx={pageContext(req, this.assets, this.config)}
          meta={{ title, noindex: true }}
          siteName="Banshi 办事 · 工作台"
          homeHref="/admin"
          nav={nav}
          headerExtra={<WhoAmI ctx={ctx} />}
          styles={['site.css', 'console.css']}
          bodyClass="console"
        >
          <h1>{title}</h1>
          {body}
        </Layout>,
      ),
    );
  }
}

export interface Problem {
  field: string;
  message: string;
  /** The field's label as the form shows it (added by the page). */
  label?: string;
}

/** The id of the input for an API field path: materials[0].name → f-materials-0-name. */
export const fieldId = (field: string) =>
  `f-${field
    .replace(/\[(\d+)\]/g, '-$1')
    .replace(/[.[\]]+/g, '-')
    .replace(/-+$/, '')}`;

/** GOV.UK-style error summary: announced (role=alert), each problem links to its field. */
export function ErrorSummary({ problems, title = '请修改以下问题' }: { problems: Problem[]; title?: string }) {
  if (!problems.length) return null;
  // One line per field (the validators may report several constraints of one bad value).
  const first = problems.filter((p, i) => p.field === '' || problems.findIndex((q) => q.field === p.field) === i);
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {first.map((p, i) => (
          <li key={i}>
            <a href={`#${fieldId(p.field)}`}>
              {p.label ? `${p.label}：` : ''}
              {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A message about the page; `alert` only for what just went wrong (it interrupts a screen reader). */
export const Notice = ({ kind = 'info', alert = false, children }: { kind?: 'info' | 'success' | 'warning'; alert?: boolean; children: ComponentChildren }) => (
  <div class={`notice notice-${kind}`} role={alert ? 'alert' : 'status'}>
    {children}
  </div>
);
