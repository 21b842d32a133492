import type { ComponentChildren } from 'preact';
import type { FieldErrors } from './forms.tsx';

/**
 * A field that picks one thing out of the whole archive (an article, an expert, a tag, a poll) by searching for it.
 *
 * Without JavaScript it is a text field: the form is sent with the words typed, and the screen that takes it finds
 * what they name: one thing is taken, several are offered as choices (the form again, or links), none is said. With
 * JavaScript, src/client/picker.ts makes it an ARIA combobox that asks `lookup` (an office endpoint answering
 * `{items: [{id, label, hint}], next_cursor}`) as one types, and sends the chosen item's id under `name`.
 *
 * `value` is what the form sends when nothing is changed (an id or a slug); `text` is what the field shows for it
 * (the name or title), or the words typed.
 */
export interface PickerFieldProps {
  name: string;
  label: string;
  lookup: string;
  value?: string;
  text?: string;
  hint?: ComponentChildren;
  errors?: FieldErrors;
  id?: string;
  placeholder?: string;
  /**
   * With JavaScript, only a chosen item (or nothing) is sent: words typed and not chosen give way to the last
   * choice when the field is left. For fields that a script also sends (the editor's autosave), which must never
   * carry words where an id belongs. Without JavaScript the words are sent, and the server reads them.
   */
  strict?: boolean;
  /**
   * A list of several, separated by commas (the editor's tags): the field is what the form sends, and the picker
   * suggests for the part after the last comma, whose label a choice puts in its place.
   */
  multiple?: boolean;
  maxLength?: number;
}

export function PickerField(props: PickerFieldProps) {
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors?.[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div
      class={`field picker${error ? ' has-error' : ''}`}
      data-picker={props.lookup}
      data-picker-name={props.name}
      data-picker-value={props.value ?? ''}
      data-picker-strict={props.strict ? 'true' : undefined}
      data-picker-multiple={props.multiple ? 'true' : undefined}
    >
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type="search"
        value={props.text ?? props.value ?? ''}
        maxLength={props.maxLength ?? 200}
        autocomplete="off"
        spellcheck={false}
        placeholder={props.placeholder}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
    </div>
  );
}
