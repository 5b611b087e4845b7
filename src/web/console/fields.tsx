import { fieldId } from './layout';

/**
 * Form fields with their label, hint and error tied to the input (aria-describedby, aria-invalid). `name` is the
 * form name (materials[0][name]); `path` the API field path (materials[0].name) that the id and errors use.
 */
interface Common {
  name: string;
  label: string;
  path?: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

const pathOf = (name: string) => name.replace(/\[(\d+)\]/g, '[$1]').replace(/\[([A-Za-z_]\w*)\]/g, '.$1');

function Described({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">错误：</span>
          {error}
        </p>
      )}
    </>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function Field(p: Common & { value?: string | number | null; type?: string; autocomplete?: string; inputmode?: string; width?: 'short' | 'long' }) {
  const id = fieldId(p.path ?? pathOf(p.name));
  return (
    <div class={`field${p.error ? ' field-invalid' : ''}`}>
      <label for={id}>{p.label}</label>
      <Described id={id} hint={p.hint} error={p.error} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        class={p.width ? `w-${p.width}` : undefined}
        autocomplete={p.autocomplete}
        inputMode={p.inputmode as 'numeric' | 'decimal' | undefined}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </div>
  );
}

export function TextArea(p: Common & { value?: string | null; rows?: number }) {
  const id = fieldId(p.path ?? pathOf(p.name));
  return (
    <div class={`field${p.error ? ' field-invalid' : ''}`}>
      <label for={id}>{p.label}</label>
      <Described id={id} hint={p.hint} error={p.error} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(p: Common & { value?: string | null; options: readonly (readonly [string, string])[]; empty?: string }) {
  const id = fieldId(p.path ?? pathOf(p.name));
  return (
    <div class={`field${p.error ? ' field-invalid' : ''}`}>
      <label for={id}>{p.label}</label>
      <Described id={id} hint={p.hint} error={p.error} />
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.empty !== undefined && <option value="">{p.empty}</option>}
        {p.options.map(([v, l]) => (
          <option key={v} value={v} selected={v === (p.value ?? '')}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(p: Common & { checked?: boolean; value?: string }) {
  const id = fieldId(p.path ?? pathOf(p.name));
  return (
    <div class={`field checkbox${p.error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        name={p.name}
        type="checkbox"
        value={p.value ?? 'on'}
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
      <label for={id}>{p.label}</label>
      <Described id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A group of checkboxes for a code list (服务对象 …), as a fieldset with a legend. */
export function CheckboxGroup(p: Common & { values: readonly string[]; options: readonly (readonly [string, string])[] }) {
  const id = fieldId(p.path ?? pathOf(p.name));
  return (
    <fieldset class={`field${p.error ? ' field-invalid' : ''}`} id={id} aria-describedby={describedBy(id, p.hint, p.error)}>
      <legend>{p.label}</legend>
      <Described id={id} hint={p.hint} error={p.error} />
      <div class="choices">
        {p.options.map(([v, l]) => (
          <span class="choice" key={v}>
            <input id={`${id}-${v}`} type="checkbox" name={`${p.name}[]`} value={v} checked={p.values.includes(v)} />
            <label for={`${id}-${v}`}>{l}</label>
          </span>
        ))}
      </div>
    </fieldset>
  );
}
