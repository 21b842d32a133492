import type { UserActor } from '../core/actor.ts';
import { expertPolicy } from '../experts/policies.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { ErrorSummary, Field, Select, TextArea, Checkbox, PostForm, type Choice, type FieldErrors } from '../office/forms.tsx';
import { OfficePage } from '../office/layout.tsx';
import { PickerField } from '../office/picker.tsx';
import { formatDateTime } from '../views/format.ts';
import { useLocale } from '../views/i18n/locale.ts';
import type { PictureView } from '../views/picture.tsx';
import type { SiteView } from '../views/site.ts';
import type { Article } from './store.ts';
import { shownStatus, shownStatusLabels, type ShownStatus } from './workflow.ts';
import { acceptFieldName } from '../places/tags.ts';
import type { PlaceTag } from '../places/detect.ts';
import { EditorWorkspace, type PreviewView } from './editor-preview.tsx';

export type { PreviewView } from './editor-preview.tsx';
import { CoauthorFields, coauthorLabels } from './editor-coauthors.tsx';
import { WordImportForm, WordImportNotes, type WordImportOutcome } from './editor-word.tsx';
import { EditorFigures } from './editor-figures.tsx';

/** The editor's fields as the person typed them: what a refused form shows again. */
export interface EditorValues {
  id: string;
  expert: string;
  /** The co-authors' slugs, in byline order. */
  coauthors: string[];
  title: string;
  lead: string;
  body: string;
  slug: string;
  published_at: string;
  tags: string;
  poll: string;
  image: string;
  image_alt: string;
  image_credit: string;
  image_credit_url: string;
  featured: boolean;
  /** The latest revision the form was made from; empty for a new article. */
  revision: string;
  language: string;
}

/** One of the site's languages in the editor's translations panel, with the article's version in it. */
export type TranslationRow = { language: string; name: string } & ({ kind: 'this' } | { kind: 'version'; href: string; status: Article['status'] } | { kind: 'missing' } | { kind: 'elsewhere' });

const editorLabels: Record<string, string> = {
  expert: 'Expert',
  ...coauthorLabels,
  title: 'Title',
  lead: 'Lead',
  body: 'Body',
  slug: 'Slug',
  published_at: 'Publication time',
  language: 'Language',
  translation_of: 'Translation',
  tags: 'Tags',
  poll: 'Poll',
  image: 'Hero image',
  image_file: 'Hero image',
  image_alt: 'Alt text',
  image_credit: 'Image credit',
  image_credit_url: 'Credit link',
  note: 'Note to the author',
};

export function StatusBadge(props: { shown: ShownStatus }) {
  return <span class={`status article-status-${props.shown}`}>{shownStatusLabels[props.shown]}</span>;
}

/** Where the article stands, in a sentence, on the site's clocks: "In review since March 1, 2026, 10:30 UTC+01:00". */
function StatusLine(props: { article: Article }) {
  const { article } = props;
  const shown = shownStatus(article);
  const { timeZone } = useLocale();
  const when = (iso: string | null, prefix: string) => (iso ? ` ${prefix} ${formatDateTime(iso, timeZone)}` : '');
  const sentence: Record<ShownStatus, string> = {
    draft: `Draft, last saved ${formatDateTime(article.updatedAt, timeZone)}`,
    returned: `Returned with a note${when(article.returnedAt, 'on')}`,
    in_review: `In review${when(article.submittedAt, 'since')}`,
    scheduled: `Scheduled${when(article.publishedAt, 'for')}`,
    published: `Published${when(article.publishedAt, 'on')}`,
  };
  return (
    <p class="article-state">
      <StatusBadge shown={shown} /> <span>{sentence[shown]}</span>
    </p>
  );
}

/** The editor's note on a returned article, where its author cannot miss it. */
function ReviewNote(props: { article: Article }) {
  const { article } = props;
  const { timeZone } = useLocale();
  if (article.status !== 'draft' || !article.reviewNote) return null;
  return (
    <section class="review-note" aria-labelledby="review-note-heading">
      <h2 id="review-note-heading">Returned by the editor{article.returnedAt ? ` on ${formatDateTime(article.returnedAt, timeZone)}` : ''}</h2>
      <p class="review-note-text">{article.reviewNote}</p>
      <p class="review-note-help">Make the changes, then submit the article for review again.</p>
    </section>
  );
}

/** Which of the editor's controls this person sees for this article. */
export interface EditorAbilities {
  edit: boolean;
  /** "Save draft" for drafts, "Save changes" once in review or published. */
  saveLabel: string;
  submit: boolean;
  publish: boolean;
  returnToAuthor: boolean;
  unpublish: boolean;
  delete: boolean;
  /** Editors' fields: publication time, poll, featuring. */
  editorialFields: boolean;
}

export interface EditorPageProps {
  site: SiteView;
  actor: UserActor;
  /** The stored article; absent for a new one. */
  article?: Article;
  values: EditorValues;
  errors: FieldErrors;
  abilities: EditorAbilities;
  experts: Choice[];
  /** Every expert, to name as a co-author. */
  coauthorChoices: Choice[];
  polls: Choice[];
  /** Places the text discusses that the tags do not name yet. */
  placeSuggestions: PlaceTag[];
  image?: PictureView;
  preview?: PreviewView;
  notice?: string;
  /** The return form's note and its problem, when an editor's return was refused. */
  returnNote?: string;
  returnErrors?: FieldErrors;
  publicUrl?: string;
  revisionCount: number;
  /** The site's languages to choose from; empty when there is nothing to choose. */
  languages: Choice[];
  /** The article's versions in the site's languages; absent on a one-language site. */
  translations?: TranslationRow[];
  /** Whether this person may start a version in another language (a draft on the article's blog). */
  canTranslate?: boolean;
  /** What a Word import that made this draft could not carry over, on the editor reached from that import. */
  wordImport?: WordImportOutcome;
}

export function EditorPage(props: EditorPageProps) {
  const { article, abilities, actor } = props;
  const csrf = actor.session!.csrfToken;
  const title = article ? article.title || 'Untitled article' : 'New article';
  const action = `${article ? `/admin/articles/${article.id}` : '/admin/articles/new'}?${CSRF_FIELD}=${encodeURIComponent(csrf)}`;
  return (
    <OfficePage site={props.site} actor={actor} title={article ? `Edit: ${title}` : 'New article'} section="articles" notice={props.notice}>
      <div class="page-actions">
        <h1>{title}</h1>
        <p class="editor-links">
          <a href="/admin/articles">All articles</a>
          {article && (
            <a href={`/admin/articles/${article.id}/revisions`}>
              History ({props.revisionCount} {props.revisionCount === 1 ? 'revision' : 'revisions'})
            </a>
          )}
          {props.publicUrl && <a href={props.publicUrl}>View on site</a>}
          {article && <a href={`/admin/articles/${article.id}/share`}>Share for comment</a>}
        </p>
      </div>
      {article && <StatusLine article={article} />}
      {article && <ReviewNote article={article} />}
      {article && props.translations && <TranslationsPanel article={article} rows={props.translations} csrf={csrf} canAdd={props.canTranslate === true} />}
      <WordImportNotes outcome={props.wordImport} />
      <ErrorSummary errors={props.errors} labels={editorLabels} />
      {!article && abilities.edit && <WordImportForm csrf={csrf} experts={props.experts} expert={props.values.expert} />}
      {!article && props.experts.length === 0 && (
        <p class="office-panel">
          Every article appears on an expert’s blog, and there are no experts yet. {expertPolicy.create(actor) ? <a href="/admin/experts">Add the first expert</a> : 'Ask an administrator to add one.'}
        </p>
      )}
      <EditorWorkspace preview={props.preview}>
        {abilities.edit ? (
          <EditorForm {...props} action={action} />
        ) : (
          <p class="office-panel read-only-note">
            {article?.status === 'in_review'
              ? 'This article is with the editors for review. You can change it again if an editor returns it to you.'
              : 'Editors look after this article now that it is published. Ask an editor if something needs to change.'}
          </p>
        )}
      </EditorWorkspace>
      {article && <WorkflowPanel {...props} article={article} />}
    </OfficePage>
  );
}

/**
 * "Translations: English (this article) · Русский (add)": the article's versions in the site's languages. Adding
 * one starts a linked draft, copied from this one, in that language.
 */
function TranslationsPanel(props: { article: Article; rows: TranslationRow[]; csrf: string; canAdd: boolean }) {
  return (
    <section class="office-panel translations-panel" aria-labelledby="translations-heading">
      <h2 id="translations-heading">Translations</h2>
      <ul class="translations-list">
        {props.rows.map((row) => (
          <li lang={row.language}>
            {row.kind === 'this' && (
              <>
                <strong>{row.name}</strong> <span lang="en">(this article)</span>
              </>
            )}
            {row.kind === 'version' && (
              <>
                <a href={row.href}>{row.name}</a> <span lang="en">({shownStatusLabels[row.status === 'published' ? 'published' : row.status]})</span>
              </>
            )}
            {row.kind === 'elsewhere' && (
              <>
                {row.name} <span lang="en">(on a blog you do not write for)</span>
              </>
            )}
            {row.kind === 'missing' && (
              <>
                {row.name}{' '}
                {props.canAdd ? (
                  <PostForm action={`/admin/articles/${props.article.id}/translate`} csrf={props.csrf} class="inline-form">
                    <input type="hidden" name="language" value={row.language} />
                    <button type="submit" class="button button-small" lang="en">
                      Add translation
                    </button>
                  </PostForm>
                ) : (
                  <span lang="en">(none yet)</span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The places found in the text at the last save, under the tags field. Ticked boxes join the tags when
 * the form is saved; the office script turns each into a button that adds the name to the field at once.
 */
function PlaceSuggestions(props: { places: PlaceTag[] }) {
  if (props.places.length === 0) return null;
  return (
    <fieldset class="place-suggestions" data-place-suggestions>
      <legend>Suggested</legend>
      <p class="field-hint" data-place-suggestions-hint>
        Countries and regions the text discusses. Tick the ones to add as tags; they are added when you save.
      </p>
      <ul>
        {props.places.map((place) => (
          <li>
            <label>
              <input type="checkbox" name={acceptFieldName(place)} value="1" data-tag-name={place.name} /> {place.name} <span class="place-kind">({place.kind})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function EditorForm(props: EditorPageProps & { action: string }) {
  const { values, errors, abilities, actor } = props;
  // Autosave keeps drafts only; an article in review or published changes when someone presses a button.
  const autosaves = !props.article || props.article.status === 'draft';
  return (
    <form
      id="article-editor"
      class="article-editor"
      method="post"
      enctype="multipart/form-data"
      action={props.action}
      data-preview-url="/admin/articles/preview"
      data-preview-page-url="/admin/articles/preview-page"
      data-autosave-url={autosaves ? '/admin/articles/autosave' : undefined}
      data-media-url="/api/v1/media"
    >
      <input type="hidden" name={CSRF_FIELD} value={actor.session!.csrfToken} />
      <input type="hidden" name="id" value={values.id} />
      <input type="hidden" name="revision" value={values.revision} />
      {abilities.editorialFields && <input type="hidden" name="editorial_fields" value="1" />}
      <div class="editor-layout">
        <div class="editor-main">
          <Field name="title" label="Title" value={values.title} required maxLength={300} errors={errors} />
          <TextArea name="lead" label="Lead" value={values.lead} rows={3} maxLength={2000} hint="One paragraph that sums the piece up; it is shown above the body and in listings." errors={errors} />
          <TextArea
            name="body"
            label="Body"
            value={values.body}
            rows={24}
            class="editor-body"
            hint={
              <>
                Markdown: <code>## Heading</code>, <code>*emphasis*</code>, <code>&gt; quotation</code>, <code>- list item</code>, and footnotes with <code>[^1]</code> in the text and{' '}
                <code>[^1]: the source</code> on a line of its own.
              </>
            }
            errors={errors}
          />
          <EditorFigures body={values.body} />
        </div>
        <div class="editor-side">
          <Select name="expert" label="Expert" value={values.expert} choices={props.experts} hint="The blog this article appears on." errors={errors} />
          <CoauthorFields coauthors={values.coauthors} choices={props.coauthorChoices} errors={errors} />
          {props.languages.length > 0 && (
            <Select
              name="language"
              label="Language"
              value={values.language}
              choices={props.languages}
              hint="The edition the article appears in: each language has its own, at its own addresses."
              errors={errors}
            />
          )}
          <Field name="slug" label="Slug" value={values.slug} maxLength={120} hint="The last part of the address. Leave it empty to make one from the title." errors={errors} />
          {abilities.editorialFields && (
            <Field
              name="published_at"
              label="Publication time"
              type="datetime-local"
              value={values.published_at}
              hint={`Times are in ${props.site.locale.timeZone}. Leave it empty to publish now; a future time schedules the article, which then appears by itself.`}
              errors={errors}
            />
          )}
          <PickerField
            name="tags"
            label="Tags"
            lookup="/admin/tags/lookup"
            multiple
            maxLength={3000}
            value={values.tags}
            hint="Topics, regions and countries, separated by commas: the tags the site has are suggested as you type, and a new one is made."
            errors={errors}
          />
          <PlaceSuggestions places={props.placeSuggestions} />
          {abilities.editorialFields && (
            <>
              <PickerField
                name="poll"
                label="Poll"
                lookup="/admin/polls/lookup"
                strict
                value={values.poll}
                text={props.polls.find((p) => p.value === values.poll)?.label}
                hint="A reader poll shown with this article: type words of its question. Empty: the site’s current poll."
                errors={errors}
              />
              <Checkbox name="featured" label="Feature on the front page" checked={values.featured} />
            </>
          )}
          <HeroImageFields values={values} errors={errors} image={props.image} />
        </div>
      </div>
      <div class="form-actions editor-actions">
        <button type="submit" name="action" value="save" class="button">
          {abilities.saveLabel}
        </button>
        {abilities.submit && (
          <button type="submit" name="action" value="submit" class="button">
            Submit for review
          </button>
        )}
        {abilities.publish && (
          <button type="submit" name="action" value="publish" class="button button-primary">
            Publish
          </button>
        )}
        {/* With the script, Preview only shows the preview. Without it, it posts the form as plain fields, whose token
            travels in the body: the page it answers with then has an address with no token in it. */}
        <button
          type="submit"
          name="action"
          value="preview"
          class="button"
          formaction={props.article ? `/admin/articles/${props.article.id}` : '/admin/articles/new'}
          formenctype="application/x-www-form-urlencoded"
          data-preview-button
        >
          Preview
        </button>
      </div>
    </form>
  );
}

function HeroImageFields(props: { values: EditorValues; errors: FieldErrors; image?: PictureView }) {
  const { values, errors } = props;
  const fileError = errors.image_file ?? errors.image;
  return (
    <div class="editor-image" role="group" aria-labelledby="editor-image-heading">
      <h2 id="editor-image-heading" class="editor-group-title">
        Image at the top
      </h2>
      <div class={`field dropzone${fileError ? ' has-error' : ''}`} data-dropzone>
        <label for="field-image_file">Hero image</label>
        <p class="field-hint" id="field-image_file-hint">
          JPEG, PNG, WebP, AVIF or GIF, up to 20 MB. Choose a file or drop one here.
        </p>
        {fileError && (
          <p class="field-error" id="field-image_file-error">
            {fileError}
          </p>
        )}
        <input
          type="file"
          id="field-image_file"
          name="image_file"
          accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
          aria-describedby={fileError ? 'field-image_file-hint field-image_file-error' : 'field-image_file-hint'}
        />
      </div>
      <input type="hidden" name="image" value={values.image} />
      <div class="image-preview" data-image-preview>
        {props.image && <img src={props.image.src} width={props.image.width} height={props.image.height} alt={props.image.alt} />}
      </div>
      {props.image && <Checkbox name="remove_image" label="Remove this image from the article" />}
      <Field name="image_alt" label="Alt text" value={values.image_alt} maxLength={500} hint="What the picture shows, for readers who cannot see it." errors={errors} />
      <Field name="image_credit" label="Image credit" value={values.image_credit} maxLength={300} hint="Shown as “Source: …” under the image." errors={errors} />
      <Field name="image_credit_url" label="Credit link" type="url" value={values.image_credit_url} maxLength={2000} hint="Optional: where the credit links to." errors={errors} />
    </div>
  );
}

/** Review, take-down and deletion: each its own form, shown only to those who may use it. */
function WorkflowPanel(props: EditorPageProps & { article: Article }) {
  const { article, abilities, actor } = props;
  const csrf = actor.session!.csrfToken;
  if (!abilities.returnToAuthor && !abilities.unpublish && !abilities.delete) return null;
  return (
    <div class="workflow-panels">
      {abilities.returnToAuthor && (
        <section class="office-panel" aria-labelledby="review-heading">
          <h2 id="review-heading">Review</h2>
          <ErrorSummary errors={props.returnErrors ?? {}} labels={editorLabels} />
          <PostForm action={`/admin/articles/${article.id}/return`} csrf={csrf}>
            <TextArea
              name="note"
              label="Note to the author"
              value={props.returnNote}
              rows={4}
              maxLength={2000}
              required
              hint="What needs to change. The author sees this note at the top of the editor."
              errors={props.returnErrors}
            />
            <button type="submit" class="button">
              Return to author
            </button>
          </PostForm>
        </section>
      )}
      {abilities.unpublish && (
        <section class="office-panel" aria-labelledby="unpublish-heading">
          <h2 id="unpublish-heading">Take down</h2>
          <p>Unpublishing takes the article off the site at once; it becomes a draft again.</p>
          <PostForm action={`/admin/articles/${article.id}/unpublish`} csrf={csrf}>
            <button type="submit" class="button button-danger">
              Unpublish
            </button>
          </PostForm>
        </section>
      )}
      {abilities.delete && (
        <section class="office-panel" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete</h2>
          <p>Deleting removes the article and its history for good. You are asked to confirm first.</p>
          <form method="get" action={`/admin/articles/${article.id}/delete`}>
            <button type="submit" class="button button-danger">
              Delete
            </button>
          </form>
        </section>
      )}
    </div>
  );
}

export function DeletePage(props: { site: SiteView; actor: UserActor; article: Article }) {
  const { article, actor } = props;
  return (
    <OfficePage site={props.site} actor={actor} title={`Delete: ${article.title}`} section="articles">
      <h1>Delete “{article.title}”?</h1>
      <div class="office-panel">
        <p>The article and all its revisions will be deleted for good. {article.status === 'published' && 'Readers will no longer find it on the site.'}</p>
        <PostForm action={`/admin/articles/${article.id}/delete`} csrf={actor.session!.csrfToken}>
          <div class="form-actions">
            <button type="submit" class="button button-danger">
              Delete this article
            </button>
            <a class="button" href={`/admin/articles/${article.id}`}>
              Keep it
            </a>
          </div>
        </PostForm>
      </div>
    </OfficePage>
  );
}
