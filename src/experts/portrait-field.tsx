import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../office/forms.tsx';

/**
 * The portrait's file input with its hint and error, as the expert form and the invitation's new-profile
 * fields both ask for it (field `photo_file`). A refused form cannot keep a chosen file: the hint says so.
 */
export function PortraitFileField(props: { hint: ComponentChildren; errors: FieldErrors }) {
  const { errors } = props;
  return (
    <div class={`field${errors.photo_file ? ' has-error' : ''}`}>
      <label for="field-photo_file">Portrait</label>
      <p class="field-hint" id="field-photo_file-hint">
        {props.hint}
        {Object.keys(errors).length > 0 && ' If you had chosen a file, choose it again.'}
      </p>
      {errors.photo_file && (
        <p class="field-error" id="field-photo_file-error">
          {errors.photo_file}
        </p>
      )}
      <input
        type="file"
        id="field-photo_file"
        name="photo_file"
        accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
        aria-invalid={errors.photo_file ? 'true' : undefined}
        aria-describedby={errors.photo_file ? 'field-photo_file-hint field-photo_file-error' : 'field-photo_file-hint'}
      />
    </div>
  );
}
