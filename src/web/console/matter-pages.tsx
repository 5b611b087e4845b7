import type { FieldChange } from '../../workflow/revision-diff';
import { Checkbox, CheckboxGroup, Field, Select, TextArea } from './fields';
import { Csrf, ErrorSummary, Notice, Problem } from './layout';
import { MATTER_FORM, MatterForm } from './matter-form';
import { FormDef, getPath, Part, Payload, ScalarField } from './record-form';

export const STATE_LABELS: Record<string, string> = {
  draft: '草稿',
  returned: '已退回',
  submitted: '待审核',
  scheduled: '已排期',
  published: '已发布',
  discarded: '已放弃',
  archived: '已下架',
};

/** The words of one editor: its form, and what its code and department are called. */
export interface EditorWords {
  def: FormDef;
  code: string;
  codeHint: string;
  department: string;
  /** The department may be left empty (a bundle's lead department). */
  departmentOptional?: boolean;
}

export const MATTER_WORDS: EditorWords = {
  def: MATTER_FORM,
  code: '事项编码（实施编码）',
  codeHint: '1–64 位数字、字母或连字符，保存后不能修改',
  department: '所属部门',
};

/** A clerk's name for an API field path: materials[1].name → 申请材料 第 2 项 · 材料名称. */
export function labelOf(field: string, words: EditorWords = MATTER_WORDS): string {
  const parts = words.def.parts;
  const m = /^(\w+)\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m) {
    const part = parts.find((p) => p.key === m[1]);
    if (part) return `${part.label} 第 ${Number(m[2]) + 1} 项${m[3] ? ` · ${part.fields.find((f) => f.key === m[3])?.label ?? m[3]}` : ''}`;
  }
  const named = /^(\w+)\[([^\]]+)\](?:\.(\w+))?/.exec(field); // the diff names list items by key: materials[居民身份证].copies
  if (named) {
    const part = parts.find((p) => p.key === named[1]);
    if (part) return `${part.label}「${named[2]}」${named[3] ? ` · ${part.fields.find((f) => f.key === named[3])?.label ?? named[3]}` : ''}`;
  }
  if (field === 'code') return words.code.replace(/（.*$/, '');
  if (field === 'departmentCode') return words.department;
  const scalar = words.def.sections.flatMap((s) => s.fields).find((f) => f.path === field);
  return scalar?.label ?? parts.find((p) => p.key === field)?.label ?? field;
}

const errorsFor = (problems: Problem[], path: string) => problems.find((p) => p.field === path)?.message;

export function Scalar({ f, payload, problems }: { f: ScalarField; payload: Payload; problems: Problem[] }) {
  const v = getPath(payload, f.path);
  const error = errorsFor(problems, f.path);
  const common = { name: f.path, path: f.path, label: f.label, hint: f.hint, error, required: f.required };
  switch (f.kind) {
    case 'textarea':
      return <TextArea {...common} value={typeof v === 'string' ? v : ''} rows={4} />;
    case 'select':
      return <Select {...common} value={v == null ? '' : String(v)} options={f.options!} empty="（未填写）" />;
    case 'checkbox':
      return <Checkbox {...common} checked={v === true} />;
    case 'codes':
      return <CheckboxGroup {...common} values={Array.isArray(v) ? v.map(String) : []} options={f.options!} />;
    case 'lines':
      return <TextArea {...common} value={Array.isArray(v) ? v.join('\n') : ''} rows={3} />;
    case 'int':
      return <Field {...common} value={v == null ? '' : String(v)} inputmode="numeric" width="short" />;
    case 'number':
      return <Field {...common} value={v == null ? '' : String(v)} inputmode="decimal" width="short" />;
    case 'url':
      return <Field {...common} value={typeof v === 'string' ? v : ''} type="url" width="long" />;
    case 'tel':
      return <Field {...common} value={typeof v === 'string' ? v : ''} type="tel" />;
    default:
      return <Field {...common} value={v == null ? '' : String(v)} width="long" />;
  }
}

/** One repeating part: a fieldset per row, a "删除" tick per stored row, and an "add a row" submit button. */
function PartEditor({ part, form, problems, blank }: { part: Part; form: MatterForm; problems: Problem[]; blank: number }) {
  const items = Array.isArray(form.payload[part.key]) ? (form.payload[part.key] as Payload[]) : [];
  const rows: { item: Payload; origin: number | null }[] = [
    ...items.map((item, i) => ({ item, origin: form.origins[part.key]?.[i] ?? null })),
    ...Array.from({ length: blank }, () => ({ item: {}, origin: null })),
  ];
  const partError = errorsFor(problems, part.key);
  return (
    <section class="part" aria-labelledby={`part-${part.key}`} id={`f-${part.key}`}>
      <h2 id={`part-${part.key}`}>{part.label}</h2>
      {partError && <p class="field-error">{partError}</p>}
      {rows.length === 0 && (
        <p class="muted">{part.key === 'materials' && form.payload.noMaterialsRequired === true ? '本事项无需提交材料。' : `还没有${part.item}。`}</p>
      )}
      {rows.map(({ item, origin }, i) => (
        <fieldset class="row" key={i}>
          <legend>
            {part.item} {i + 1}
          </legend>
          <input type="hidden" name={`${part.key}[${i}][_i]`} value={origin === null ? '' : String(origin)} />
          <div class="row-fields">
            {part.fields.map((f) => {
              const path = `${part.key}[${i}].${f.key}`;
              const v = item[f.key];
              const common = { name: `${part.key}[${i}][${f.key}]`, path, label: f.label, error: errorsFor(problems, path), required: f.required };
              if (f.kind === 'textarea') return <TextArea key={f.key} {...common} value={typeof v === 'string' ? v : ''} />;
              if (f.kind === 'select') return <Select key={f.key} {...common} value={v == null ? '' : String(v)} options={f.options!} empty="（未填写）" />;
              return (
                <Field
                  key={f.key}
                  {...common}
                  value={v == null ? '' : String(v)}
                  width={f.kind === 'int' ? 'short' : undefined}
                  inputmode={f.kind === 'int' ? 'numeric' : undefined}
                />
              );
            })}
          </div>
          {i < items.length && <Checkbox name={`${part.key}[${i}][_remove]`} path={`${part.key}[${i}]._remove`} label={`保存时删除此${part.item}`} />}
        </fieldset>
      ))}
      <button type="submit" name="_action" value={`add:${part.key}`} class="button secondary" formnovalidate>
        再加一项{part.item}
      </button>
    </section>
  );
}

export interface EditorProps {
  action: string;
  csrf?: string;
  form: MatterForm;
  problems: Problem[];
  isNew: boolean;
  version?: number;
  departments: string[];
  blank: Record<string, number>;
  canSubmit: boolean;
  /** The kind's form and words; a matter's by default. */
  words?: EditorWords;
}

/** The draft editor of a matter, guide entry or bundle: every field and repeating part, no JavaScript needed. */
export function MatterEditor(p: EditorProps) {
  const { payload } = p.form;
  const words = p.words ?? MATTER_WORDS;
  return (
    <form method="post" action={p.action} novalidate class="editor">
      <Csrf token={p.csrf} />
      {p.version !== undefined && <input type="hidden" name="version" value={String(p.version)} />}
      <ErrorSummary problems={p.problems.map((q) => ({ ...q, label: labelOf(q.field, words) }))} />
      {p.isNew ? (
        <section aria-labelledby="sec-id">
          <h2 id="sec-id">编码与部门</h2>
          <Field name="code" label={words.code} hint={words.codeHint} value={String(payload.code ?? '')} error={errorsFor(p.problems, 'code')} required />
          <Select
            name="departmentCode"
            label={words.department}
            value={String(payload.departmentCode ?? (words.departmentOptional ? '' : (p.departments[0] ?? '')))}
            options={p.departments.map((d) => [d, d] as const)}
            empty={words.departmentOptional ? '（不指定）' : undefined}
            error={errorsFor(p.problems, 'departmentCode')}
            required={!words.departmentOptional}
          />
        </section>
      ) : (
        <p class="meta">
          {words.code.replace(/（.*$/, '')} <code>{String(payload.code)}</code> · {words.department}{' '}
          <code>{String(payload.departmentCode ?? '（不指定）')}</code>
        </p>
      )}
      {words.def.sections.map((s, i) => (
        <section key={s.title} aria-labelledby={`sec-${i}`}>
          <h2 id={`sec-${i}`}>{s.title}</h2>
          {s.fields.map((f) => (
            <Scalar key={f.path} f={f} payload={payload} problems={p.problems} />
          ))}
        </section>
      ))}
      {words.def.parts.map((part) => (
        <PartEditor
          key={part.key}
          part={part}
          form={p.form}
          problems={p.problems}
          blank={(p.blank[part.key] ?? 0) + (Array.isArray(payload[part.key]) && (payload[part.key] as unknown[]).length ? 0 : 1)}
        />
      ))}
      <div class="actions">
        <button type="submit" name="_action" value="save" class="button">
          保存草稿
        </button>
        {p.canSubmit && (
          <button type="submit" name="_action" value="submit" class="button secondary">
            保存并提交审核
          </button>
        )}
      </div>
    </form>
  );
}

/** A value as a clerk reads it: text as is, a list item as "材料名称：户口簿" lines, other values as JSON. */
function show(v: unknown, field: string, words: EditorWords): string {
  const part = words.def.parts.find((p) => field.startsWith(`${p.key}[`));
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.join('、');
  if (typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v as Payload)
      .map(([k, x]) => `${part?.fields.find((f) => f.key === k)?.label ?? k}：${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
      .join('\n');
  }
  return JSON.stringify(v);
}

/** Field-by-field, side by side: the changes come from the existing revision diff (diffRecords / WorkflowService.diff). */
export function DiffTable({
  changes,
  before,
  after,
  caption,
  words = MATTER_WORDS,
}: {
  changes: FieldChange[];
  before: string;
  after: string;
  caption: string;
  words?: EditorWords;
}) {
  if (!changes.length) return <p>两个版本没有差异。</p>;
  return (
    <table class="diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">字段</th>
          <th scope="col">{before}</th>
          <th scope="col">{after}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={i} class={`change-${c.change}`}>
            <th scope="row">
              {labelOf(c.field, words)}
              <span class="muted small"> {c.change === 'added' ? '（新增）' : c.change === 'removed' ? '（删除）' : '（修改）'}</span>
            </th>
            <td>
              <del>{show(c.before, c.field, words)}</del>
            </td>
            <td>
              <ins>{show(c.after, c.field, words)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const StateTag = ({ state }: { state: string }) => <span class={`tag tag-${state}`}>{STATE_LABELS[state] ?? state}</span>;

export const ReturnedNotice = ({ reason }: { reason: string | null }) =>
  reason ? (
    <Notice kind="warning">
      <strong>审核员退回：</strong>
      {reason}
    </Notice>
  ) : null;
