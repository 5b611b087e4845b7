import type { ComponentChildren } from 'preact';

/**
 * Shared page components: typed functions of their data, accessible by construction (labels tied to inputs by id,
 * hints and errors tied by aria-describedby, error summary linking to each field). Styles: site.css.
 */

export interface Crumb {
  href?: string;
  label: string;
}

export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label="当前位置">
      <ol>
        {items.map((c, i) => (
          <li>{c.href && i < items.length - 1 ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

export interface FieldError {
  /** The id of the input the error belongs to. */
  field: string;
  message: string;
}

/** At the top of a form that came back with errors: focusable, announced, each error a link to its field. */
export function ErrorSummary({ errors, title = '提交的内容有问题' }: { errors: FieldError[]; title?: string }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldBase {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

const describedBy = (f: FieldBase) => [f.hint ? `${f.id}-hint` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ') || undefined;

function FieldFrame({ f, children }: { f: FieldBase; children: ComponentChildren }) {
  return (
    <div class={f.error ? 'field field-error' : 'field'}>
      <label for={f.id}>
        {f.label}
        {!f.required && <span class="optional">（选填）</span>}
      </label>
      {f.hint && (
        <p class="hint" id={`${f.id}-hint`}>
          {f.hint}
        </p>
      )}
      {f.error && (
        <p class="error-message" id={`${f.id}-error`}>
          <span class="visually-hidden">错误：</span>
          {f.error}
        </p>
      )}
      {children}
    </div>
  );
}

export function TextField(
  f: FieldBase & {
    value?: string;
    type?: 'text' | 'search' | 'tel' | 'email';
    maxLength?: number;
    autocomplete?: string;
    inputMode?: 'text' | 'tel' | 'numeric' | 'search';
  },
) {
  return (
    <FieldFrame f={f}>
      <input
        class="input"
        id={f.id}
        name={f.name}
        type={f.type ?? 'text'}
        value={f.value ?? ''}
        maxLength={f.maxLength}
        autoComplete={f.autocomplete}
        inputMode={f.inputMode}
        required={f.required}
        aria-describedby={describedBy(f)}
        aria-invalid={f.error ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(f: FieldBase & { value?: string; maxLength?: number; rows?: number }) {
  return (
    <FieldFrame f={f}>
      <textarea
        class="textarea"
        id={f.id}
        name={f.name}
        rows={f.rows ?? 4}
        maxLength={f.maxLength}
        required={f.required}
        aria-describedby={describedBy(f)}
        aria-invalid={f.error ? 'true' : undefined}
      >
        {f.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(f: FieldBase & { options: Option[]; value?: string; emptyLabel?: string }) {
  return (
    <FieldFrame f={f}>
      <select class="select" id={f.id} name={f.name} required={f.required} aria-describedby={describedBy(f)} aria-invalid={f.error ? 'true' : undefined}>
        {f.emptyLabel !== undefined && <option value="">{f.emptyLabel}</option>}
        {f.options.map((o) => (
          <option value={o.value} selected={o.value === f.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A group of radio buttons in a fieldset with a legend (the legend is the group's accessible name). */
export function Radios(f: { id: string; name: string; legend: string; options: Option[]; value?: string; error?: string; required?: boolean; hint?: string }) {
  return (
    <fieldset
      class={f.error ? 'field radios field-error' : 'field radios'}
      id={f.id}
      aria-describedby={f.error ? `${f.id}-error` : f.hint ? `${f.id}-hint` : undefined}
    >
      <legend>{f.legend}</legend>
      {f.hint && (
        <p class="hint" id={`${f.id}-hint`}>
          {f.hint}
        </p>
      )}
      {f.error && (
        <p class="error-message" id={`${f.id}-error`}>
          <span class="visually-hidden">错误：</span>
          {f.error}
        </p>
      )}
      {f.options.map((o, i) => (
        <div class="radio">
          <input type="radio" id={`${f.id}-${i}`} name={f.name} value={o.value} checked={o.value === f.value} required={f.required} />
          <label for={`${f.id}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function Button({
  children,
  variant = 'primary',
  name,
  value,
  type = 'submit',
}: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'link';
  name?: string;
  value?: string;
  type?: 'submit' | 'button';
}) {
  return (
    <button class={`button button-${variant}`} type={type} name={name} value={value}>
      {children}
    </button>
  );
}

/** A link that looks like a button (for GET actions such as 打印告知单). */
export function ButtonLink({ href, children, variant = 'secondary' }: { href: string; children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <a class={`button button-${variant}`} href={href}>
      {children}
    </a>
  );
}

/**
 * Page links: previous / numbered / next, as plain links (no JS). `href(n)` builds the URL of page n; at most 7
 * numbers are shown around the current one.
 */
export function Pagination({ page, totalPages, href, label = '分页' }: { page: number; totalPages: number; href: (n: number) => string; label?: string }) {
  if (totalPages <= 1) return null;
  const from = Math.max(1, Math.min(page - 3, totalPages - 6));
  const to = Math.min(totalPages, from + 6);
  const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return (
    <nav class="pagination" aria-label={label}>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              上一页
            </a>
          </li>
        )}
        {numbers.map((n) => (
          <li>
            {n === page ? (
              <span aria-current="page" class="current">
                <span class="visually-hidden">第</span>
                {n}
                <span class="visually-hidden">页（当前）</span>
              </span>
            ) : (
              <a href={href(n)} aria-label={`第 ${n} 页`}>
                {n}
              </a>
            )}
          </li>
        ))}
        {page < totalPages && (
          <li>
            <a href={href(page + 1)} rel="next">
              下一页
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A definition list of label → value rows; rows without a value are left out. */
export function Facts({ rows }: { rows: [string, ComponentChildren | null | undefined | false][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '');
  if (!shown.length) return null;
  return (
    <dl class="facts">
      {shown.map(([k, v]) => (
        <div class="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Plain text with its line breaks kept (as paragraphs), never as HTML. */
export function Paragraphs({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <>
      {text
        .split(/\n+/)
        .filter((l) => l.trim())
        .map((l) => (
          <p>{l}</p>
        ))}
    </>
  );
}
