import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../http/csrf.ts';

/** Every office form that changes something carries the session's CSRF token. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** A form that changes something: POST with the CSRF token. */
export function PostForm(props: { action: string; csrf: string; class?: string; id?: string; enctype?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class={props.class} id={props.id} enctype={props.enctype}>
      <CsrfField token={props.csrf} />
      {props.children}
    </form>
  );
}

/** Problems with a submitted form, by field name; '' is the form as a whole. */
export type FieldErrors = Record<string, string>;

interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  hint?: ComponentChildren;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
  list?: string;
  placeholder?: string;
  inputMode?: string;
  id?: string;
}

const fieldId = (p: { name: string; id?: string }) => p.id ?? `field-${p.name}`;

/** Hint and error sit under the label and are tied to the control with aria-describedby. */
function Described(props: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {props.hint && (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Field(props: FieldProps) {
  const id = fieldId(props);
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <Described id={id} hint={props.hint} error={error} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        list={props.list}
        placeholder={props.placeholder}
        inputMode={props.inputMode as never}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { rows?: number; class?: string }) {
  const id = fieldId(props);
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <Described id={id} hint={props.hint} error={error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxLength={props.maxLength}
        class={props.class}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  /** Choices with a group are shown under its name (an `<optgroup>`), in the order the groups first come. */
  group?: string;
}

/** Choices in their groups, in order; choices without a group stand alone where they come. */
function grouped(choices: Choice[]): Array<Choice | { group: string; choices: Choice[] }> {
  const out: Array<Choice | { group: string; choices: Choice[] }> = [];
  const groups = new Map<string, Choice[]>();
  for (const choice of choices) {
    if (choice.group === undefined) out.push(choice);
    else if (groups.has(choice.group)) groups.get(choice.group)!.push(choice);
    else {
      const members = [choice];
      groups.set(choice.group, members);
      out.push({ group: choice.group, choices: members });
    }
  }
  return out;
}

export function Select(props: Omit<FieldProps, 'value'> & { value?: string | number | null; choices: Choice[] }) {
  const id = fieldId(props);
  const error = props.errors?.[props.name];
  const current = props.value === null || props.value === undefined ? '' : String(props.value);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <Described id={id} hint={props.hint} error={error} />
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, error)}>
        {grouped(props.choices).map((item) => {
          const option = (c: Choice) => (
            <option value={c.value} selected={c.value === current}>
              {c.label}
            </option>
          );
          return 'choices' in item ? <optgroup label={item.group}>{item.choices.map(option)}</optgroup> : option(item);
        })}
      </select>
    </div>
  );
}

export function Checkbox(props: { name: string; label: string; checked?: boolean; hint?: string; value?: string; errors?: FieldErrors }) {
  const id = `field-${props.name}`;
  const error = props.errors?.[props.name];
  return (
    <div class={`field field-check${error ? ' has-error' : ''}`}>
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? '1'}
        checked={props.checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      />
      <label for={id}>{props.label}</label>
      <Described id={id} hint={props.hint} error={error} />
    </div>
  );
}

/** The list of problems at the top of a refused form, each linking to its field (GOV.UK's pattern). */
export function ErrorSummary(props: { errors: FieldErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field ? <a href={`#field-${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A zod error as field errors: the first problem for each field. */
export function fieldErrorsOf(error: { issues: Array<{ path: Array<string | number>; message: string }> }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message === 'Required' ? 'is required' : issue.message;
  }
  return errors;
}
