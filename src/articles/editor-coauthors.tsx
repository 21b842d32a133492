import type { Choice, FieldErrors } from '../office/forms.tsx';
import { Select } from '../office/forms.tsx';
import { maxAuthors } from './authors.ts';

/** The editor's co-author fields are numbered (`coauthor_1`, …): one value each, in byline order, without JavaScript. */
export const coauthorFieldNames = Array.from({ length: maxAuthors - 1 }, (_, i) => `coauthor_${i + 1}`);
export const coauthorLabels: Record<string, string> = Object.fromEntries(coauthorFieldNames.map((name, i) => [name, `Co-author ${i + 1}`]));

/** The co-authors a form chose, in order, with the field each came from; undefined when it sent none of the fields. */
export function coauthorChoicesOf(fields: Record<string, unknown>): Array<{ field: string; slug: string }> | undefined {
  const sent = coauthorFieldNames.filter((name) => name in fields);
  if (sent.length === 0) return undefined;
  return sent.flatMap((field) => {
    const slug = fields[field];
    return typeof slug === 'string' && slug !== '' ? [{ field, slug }] : [];
  });
}

/** The co-authors' slugs a form sent, in order, empty choices skipped; undefined when it sent none of the fields. */
export function coauthorSlugsOf(fields: Record<string, unknown>): string[] | undefined {
  return coauthorChoicesOf(fields)?.map((choice) => choice.slug);
}

/**
 * "Co-authors": one choice per co-author in byline order, and one empty choice to add another (saving
 * shows a further one), so that the list works without JavaScript. The lead is the Expert field.
 */
export function CoauthorFields(props: { coauthors: string[]; choices: Choice[]; errors: FieldErrors }) {
  const shown = [...props.coauthors, ...(props.coauthors.length < maxAuthors - 1 ? [''] : [])];
  const choices = [{ value: '', label: '—' }, ...props.choices];
  return (
    <fieldset class="coauthors">
      <legend>Co-authors</legend>
      <p class="field-hint">Experts who wrote it too, in the order the byline names them. The article appears on each one’s blog; their accounts may edit the draft.</p>
      {shown.map((slug, i) => (
        <Select name={coauthorFieldNames[i]!} label={`Co-author ${i + 1}`} value={slug} choices={choices} errors={props.errors} />
      ))}
    </fieldset>
  );
}
