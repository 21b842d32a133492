import type { UserActor } from '../core/actor.ts';
import { PostForm, Select } from '../office/forms.tsx';
import { OfficePage, ScrollingTable } from '../office/layout.tsx';
import { formatDateTime } from '../views/format.ts';
import type { SiteView } from '../views/site.ts';
import type { BodyBlock, DiffPiece } from './diff.ts';
import type { RevisionSummary } from './revisions.ts';
import type { Article } from './store.ts';

export interface RevisionRow {
  revision: RevisionSummary;
  /** Who saved it, as the office names people. */
  savedBy: string;
}

/** A detail other than the texts that differs between the two revisions. */
export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

export interface Comparison {
  from: number;
  to: number;
  title: DiffPiece[];
  lead: DiffPiece[];
  body: BodyBlock[];
  fields: FieldChange[];
}

/** Added and removed text is said in words as well as shown in colour, for screen readers and for print. */
function Pieces(props: { pieces: DiffPiece[] }) {
  return (
    <>
      {props.pieces.map((piece) =>
        piece.kind === 'added' ? (
          <ins>
            <span class="visually-hidden">[added: </span>
            {piece.text}
            <span class="visually-hidden">]</span>
          </ins>
        ) : piece.kind === 'removed' ? (
          <del>
            <span class="visually-hidden">[removed: </span>
            {piece.text}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}

function TextChange(props: { label: string; pieces: DiffPiece[] }) {
  const changed = props.pieces.some((p) => p.kind !== 'same');
  return (
    <div class="diff-field">
      <h3>{props.label}</h3>
      {changed ? (
        <p class="diff-text">
          <Pieces pieces={props.pieces} />
        </p>
      ) : (
        <p class="diff-unchanged">No change.</p>
      )}
    </div>
  );
}

function BodyChange(props: { blocks: BodyBlock[] }) {
  const changed = props.blocks.some((b) => b.kind === 'changed');
  return (
    <div class="diff-field">
      <h3>Body</h3>
      {!changed ? (
        <p class="diff-unchanged">No change.</p>
      ) : (
        <div class="diff-body">
          {props.blocks.map((block) =>
            block.kind === 'changed' ? (
              <div class="diff-text diff-changed">
                <Pieces pieces={block.pieces} />
              </div>
            ) : (
              <>
                {block.lines.length > 0 && <div class="diff-text diff-same">{block.lines.join('\n')}</div>}
                {block.foldedLines > 0 && (
                  <p class="diff-fold">
                    … {block.foldedLines} unchanged {block.foldedLines === 1 ? 'line' : 'lines'} …
                  </p>
                )}
                {block.tail.length > 0 && <div class="diff-text diff-same">{block.tail.join('\n')}</div>}
              </>
            ),
          )}
        </div>
      )}
    </div>
  );
}

function ComparisonView(props: { comparison: Comparison }) {
  const { comparison } = props;
  return (
    <section class="office-panel revision-diff" aria-labelledby="diff-heading">
      <h2 id="diff-heading">
        Changes from revision {comparison.from} to revision {comparison.to}
      </h2>
      <p class="diff-legend">
        <ins>Added text</ins> <del>Removed text</del>
      </p>
      <TextChange label="Title" pieces={comparison.title} />
      <TextChange label="Lead" pieces={comparison.lead} />
      <BodyChange blocks={comparison.body} />
      <div class="diff-field">
        <h3>Other details</h3>
        {comparison.fields.length === 0 ? (
          <p class="diff-unchanged">No change.</p>
        ) : (
          <ScrollingTable>
            <table class="office-table">
              <thead>
                <tr>
                  <th scope="col">Detail</th>
                  <th scope="col">Revision {comparison.from}</th>
                  <th scope="col">Revision {comparison.to}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.fields.map((f) => (
                  <tr>
                    <th scope="row">{f.label}</th>
                    <td>{f.before || '—'}</td>
                    <td>{f.after || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollingTable>
        )}
      </div>
    </section>
  );
}

export function RevisionsPage(props: { site: SiteView; actor: UserActor; article: Article; rows: RevisionRow[]; comparison?: Comparison; canRestore: boolean; notice?: string }) {
  const { article, rows, actor } = props;
  const latest = rows[0]?.revision.number;
  const choices = rows.map((r) => ({ value: String(r.revision.number), label: `${r.revision.number}: ${r.revision.note} (${formatDateTime(r.revision.createdAt, props.site.locale.timeZone)})` }));
  const title = article.title || 'Untitled article';
  return (
    <OfficePage site={props.site} actor={actor} title={`History: ${title}`} section="articles" notice={props.notice}>
      <div class="page-actions">
        <h1>History of “{title}”</h1>
        <p class="editor-links">
          <a href={`/admin/articles/${article.id}`}>Back to the editor</a>
        </p>
      </div>
      {rows.length >= 2 && (
        <form method="get" action={`/admin/articles/${article.id}/revisions`} class="compare-form">
          <Select name="from" label="Compare revision" value={String(props.comparison?.from ?? '')} choices={choices} />
          <Select name="to" label="with revision" value={String(props.comparison?.to ?? '')} choices={choices} />
          <button type="submit" class="button">
            Compare
          </button>
        </form>
      )}
      {props.comparison && <ComparisonView comparison={props.comparison} />}
      <h2>Revisions</h2>
      <ScrollingTable>
        <table class="office-table">
          <caption class="visually-hidden">Revisions, the newest first</caption>
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">What</th>
              {props.canRestore && <th scope="col">Restore</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ revision, savedBy }) => (
              <tr>
                <td id={`revision-${revision.number}`}>{revision.number}</td>
                <td>
                  <time datetime={revision.createdAt}>{formatDateTime(revision.createdAt, props.site.locale.timeZone)}</time>
                </td>
                <td>{savedBy}</td>
                <td class="revision-note">{revision.note}</td>
                {props.canRestore && (
                  <td>
                    {revision.number === latest ? (
                      <span class="muted">Current</span>
                    ) : (
                      <PostForm action={`/admin/articles/${article.id}/revisions/${revision.number}/restore`} csrf={actor.session!.csrfToken} class="inline-form">
                        <button type="submit" class="button" aria-describedby={`revision-${revision.number}`}>
                          Restore this revision
                        </button>
                      </PostForm>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
    </OfficePage>
  );
}
