/**
 * "Import from Word" in the editor: a form that takes a .docx (it works without JavaScript; the office script
 * adds dropping the file on the editor), and, on the draft an import made, the list of what the document had
 * that the draft has not. The import itself lives with the importers (src/importers/word/); this is only its face
 * in the editor, and the reading of the import's record in the audit log for that notice.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../schema.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { ErrorSummary, Select, type Choice, type FieldErrors } from '../office/forms.tsx';
import { OfficePage } from '../office/layout.tsx';
import { listAuditEvents } from '../audit/store.ts';
import type { UserActor } from '../core/actor.ts';
import type { SiteView } from '../views/site.ts';

/** The audit action an import records, with what was not carried over as its detail (a JSON list). */
export const wordImportAction = 'article.import_docx';
/** The notice code the import's redirect carries to the new draft's editor. */
export const wordImportNotice = 'imported_from_word';
export const wordImportPath = '/admin/articles/import-docx';

/** The audit detail for an import: the list as JSON, shortened (whole sentences dropped from the end) to fit the log's 2,000 characters. */
export function wordImportDetail(notCarried: string[]): string {
  const kept = [...notCarried];
  while (JSON.stringify(kept).length > 1900) kept.pop();
  if (kept.length < notCarried.length) kept.push(`… and ${notCarried.length - kept.length} more.`);
  return JSON.stringify(kept);
}

export interface WordImportOutcome {
  /** What the document had that the draft has not; empty when everything came over. */
  notCarried: string[];
}

/**
 * The outcome of the import that made this article, when the editor was reached from that import (the notice
 * code in the address only picks the notice; its words come from the log, never from the address).
 */
export async function wordImportOutcome(handle: Db, request: FastifyRequest, articleId: number | undefined): Promise<WordImportOutcome | undefined> {
  if (articleId === undefined || (request.query as { notice?: unknown } | undefined)?.notice !== wordImportNotice) return undefined;
  const [entry] = await listAuditEvents(handle, { limit: 1, subject: { kind: 'article', id: articleId }, action: wordImportAction });
  if (!entry) return undefined;
  try {
    const list: unknown = JSON.parse(entry.detail);
    return { notCarried: Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [] };
  } catch {
    return { notCarried: [] };
  }
}

/** The notice atop the draft an import made: done, and what was not carried over, so the editor can redo it by hand. */
export function WordImportNotes(props: { outcome?: WordImportOutcome }) {
  if (!props.outcome) return null;
  const { notCarried } = props.outcome;
  return (
    <section class="office-panel word-import-notes" role="status" aria-labelledby="word-import-heading">
      <h2 id="word-import-heading">Draft created from your Word document</h2>
      {notCarried.length === 0 ? (
        <p>Everything in the document was carried over. Check the preview before you submit it.</p>
      ) : (
        <>
          <p>Not carried over (check the preview, and add by hand what the article needs):</p>
          <ul>
            {notCarried.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export interface WordImportFormProps {
  csrf: string;
  /** The blogs this person may start a draft on; the import's select shows them when there is more than one. */
  experts: Choice[];
  expert: string;
  errors?: FieldErrors;
  /** On a page of its own, the fields have the ids the error summary links to; beside the editor, ids of their own. */
  standalone?: boolean;
}

/**
 * A form of its own beside the editor's (a file goes to its own address, multipart, the CSRF token in the address
 * as the editor's upload does). On a new article only: an import makes a new draft.
 */
export function WordImportForm(props: WordImportFormProps) {
  if (props.experts.length === 0) return null;
  const action = `${wordImportPath}?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`;
  const error = props.errors?.file;
  const ids = props.standalone ? { expert: 'field-expert', file: 'field-file' } : { expert: 'word-import-expert', file: 'word-import-file' };
  return (
    <section class="office-panel word-import" aria-labelledby="word-import-form-heading">
      <h2 id="word-import-form-heading">Import from Word</h2>
      <form method="post" action={action} enctype="multipart/form-data" data-word-import>
        <p class="field-hint" id="word-import-hint">
          A .docx becomes a new draft: its title, lead, headings, lists, tables, images, footnotes and endnotes. You are told what could not be carried over. You can also drop the file on the editor.
        </p>
        {props.experts.length > 1 ? (
          <Select name="expert" id={ids.expert} label="Blog" choices={props.experts} value={props.expert} errors={props.errors} />
        ) : (
          <input type="hidden" name="expert" value={props.experts[0]!.value} />
        )}
        <div class={`field${error ? ' has-error' : ''}`}>
          <label for={ids.file}>Word document (.docx)</label>
          {error && (
            <p class="field-error" id={`${ids.file}-error`}>
              {error}
            </p>
          )}
          <input
            type="file"
            id={ids.file}
            name="file"
            required
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby={error ? `word-import-hint ${ids.file}-error` : 'word-import-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="button">
          Import as a new draft
        </button>
      </form>
    </section>
  );
}

/** The import form alone, with the refusal, when a document was refused and there is no editor to go back to. */
export function WordImportPage(props: WordImportFormProps & { site: SiteView; actor: UserActor }) {
  return (
    <OfficePage site={props.site} actor={props.actor} title="Import from Word" section="articles">
      <div class="page-actions">
        <h1>Import from Word</h1>
        <p class="editor-links">
          <a href="/admin/articles/new">New article</a>
          <a href="/admin/articles">All articles</a>
        </p>
      </div>
      <ErrorSummary errors={props.errors ?? {}} labels={{ file: 'Word document', expert: 'Blog' }} />
      <WordImportForm {...props} standalone />
    </OfficePage>
  );
}
