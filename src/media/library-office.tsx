import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { invalid, notFound, Refusal, type RefusalKind } from '../core/refusals.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { officeActor } from '../office/guard.ts';
import { OfficePage, sendOfficePage } from '../office/layout.tsx';
import { ErrorSummary, Field, type FieldErrors } from '../office/forms.tsx';
import { figureMarkdown } from '../views/figure-markdown.ts';
import type { SiteView } from '../views/site.ts';
import { uploadImage } from './commands.ts';
import { maxUploadBytes } from './fields.ts';
import { searchMediaLibrary, type LibraryPage } from './library.ts';
import { mediaPermissions } from './policies.ts';
import { getMediaById, mediaUrl, pictureView, type MediaInfo } from './store.ts';

/** What the library is asked: words to look for in alt texts and credits, and a page (1 is the newest images). */
const libraryQuery = z
  .object({
    q: z.string().max(200).default(''),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    shown: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strip();

/** One image as the editor's picker and the library page show it. */
export interface LibraryItem {
  id: number;
  /** The address a figure's Markdown names: the largest JPEG variant, as a path. */
  src: string;
  /** A small variant to show in the list. */
  thumb: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
  credit_url: string;
  /** The figure's Markdown with this image's alt text and no caption yet. */
  markdown: string;
}

export function libraryItem(media: MediaInfo): LibraryItem {
  const thumb = pictureView(media, { fallbackWidth: 480, maxWidth: 480 });
  const src = mediaUrl(media);
  return {
    id: media.id,
    src,
    thumb: thumb.src,
    width: media.width,
    height: media.height,
    alt: media.alt,
    credit: media.credit,
    credit_url: media.creditUrl,
    markdown: figureMarkdown({ src, alt: media.alt, caption: '' }),
  };
}

const libraryHref = (q: string, page: number) => `/admin/media?${new URLSearchParams({ ...(q ? { q } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;

/** A refusal of an upload shown on the form, beside its file field: the rest (forbidden) is the error page's. */
const uploadProblemKinds = new Set<RefusalKind>(['invalid', 'too_large', 'unsupported', 'busy']);

/**
 * The media library (office): every stored image, newest first, searchable by alt text and credit, a page
 * at a time, to put in an article's body as a figure.
 * - `GET /admin/media?q=&page=` the page: each image with its thumbnail, size, alt text, credit and the
 *   figure's Markdown to copy; an upload form. The editor links here (a new tab), which is how a figure is
 *   added without JavaScript, every word typed in the editor staying where it is.
 * - `GET /admin/media.json?q=&page=` the same page as JSON `{items, page, pages, total}`: the editor's picker.
 * - `POST /admin/media` multipart `file`, `alt`, `credit`, `credit_url`: stores the image (as the API does)
 *   and shows it first in the library with its Markdown.
 * A page past the last is 404; a malformed query is 422. Who may browse: policies.ts (`browse`).
 */
export async function mediaLibraryOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  async function libraryPage(request: FastifyRequest, actor: UserActor) {
    requirePermission(mediaPermissions, actor, 'browse');
    const parsed = libraryQuery.safeParse(request.query);
    if (!parsed.success) throw invalid('page must be a whole number from 1 and q at most 200 characters', 'page');
    const { q, page } = parsed.data;
    const found = await searchMediaLibrary(ctx.handle, q, page);
    // Past the last page (but page 1 of an empty search, which answers an empty list).
    if (page > found.pages) throw notFound(`There is no page ${page}: the library has ${found.pages} for this search`);
    return { query: parsed.data, found };
  }

  app.get('/admin/media.json', async (request, reply) => {
    const { found } = await libraryPage(request, officeActor(request));
    return reply.header('cache-control', 'no-store').send({ items: found.items.map(libraryItem), page: found.page, pages: found.pages, total: found.total });
  });

  app.get('/admin/media', async (request, reply) => {
    const actor = officeActor(request);
    const { query, found } = await libraryPage(request, actor);
    const shown = query.shown ? await getMediaById(ctx.handle, query.shown) : undefined;
    return renderLibrary(reply, { site: await ctx.siteView(), actor, q: query.q, found, shown });
  });

  app.post('/admin/media', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(mediaPermissions, actor, 'browse');
    const site = await ctx.siteView();
    const again = async (errors: FieldErrors, values: Record<string, string>, status: number) =>
      renderLibrary(reply, { site, actor, q: '', found: await searchMediaLibrary(ctx.handle, '', 1), errors, values }, status);
    if (!request.isMultipart()) return again({ file: 'choose an image file' }, {}, 400);
    const { fields, file, fileProblem } = await readMultipartForm(request, { fileField: 'file', maxFileBytes: maxUploadBytes, maxFields: 10, maxFieldBytes: 4096 });
    if (fileProblem) return again({ file: fileProblem }, fields, 413);
    if (!file) return again({ file: 'choose an image file' }, fields, 422);
    try {
      const description = { alt: fields.alt ?? '', credit: fields.credit ?? '', credit_url: fields.credit_url ?? '' };
      const media = await uploadImage({ ...requestContext(ctx, request), imageQueue: ctx.imageQueue }, actor, { file, description, source: 'the media library' });
      return reply.redirect(`/admin/media?shown=${media.id}`, 303);
    } catch (err) {
      if (!(err instanceof Refusal) || !uploadProblemKinds.has(err.kind)) throw err;
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
      const field = err.field && err.field in labels ? err.field : 'file';
      return again({ [field]: err.reason }, fields, err.kind === 'busy' ? 503 : 422);
    }
  });
}

interface LibraryView {
  site: SiteView;
  actor: UserActor;
  q: string;
  found: LibraryPage;
  shown?: MediaInfo;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function renderLibrary(reply: FastifyReply, view: LibraryView, status = 200) {
  return sendOfficePage(reply, <MediaLibraryPage {...view} />, status);
}

const labels = { file: 'Image file', alt: 'Alt text', credit: 'Credit', credit_url: 'Credit link' };

function MediaLibraryPage(props: LibraryView) {
  const { found, q } = props;
  const csrf = props.actor.session!.csrfToken;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Media library" section="articles">
      <div class="page-actions">
        <h1>Media library</h1>
      </div>
      <p class="office-lede">
        Every image stored on the site. To put one in an article as a figure, copy its Markdown into the body where the figure goes, and write the caption between the quotation marks. The credit
        (“Source: …”) is the image’s own, shown under the caption.
      </p>
      {props.shown && (
        <section class="office-panel media-shown" aria-labelledby="media-shown-heading">
          <h2 id="media-shown-heading">Stored: copy its Markdown into the body</h2>
          <MediaCard item={props.shown} />
        </section>
      )}
      <form method="get" action="/admin/media" class="media-search" role="search">
        <label for="media-q">Search alt texts and credits</label>
        <input type="search" id="media-q" name="q" value={q} maxLength={200} />
        <button type="submit" class="button">
          Search
        </button>
      </form>
      <p role="status">
        {found.total === 0 ? (q ? 'No image matches this search.' : 'No image yet.') : `${found.total} ${found.total === 1 ? 'image' : 'images'}; page ${found.page} of ${found.pages}.`}
      </p>
      <ul class="media-grid">
        {found.items.map((media) => (
          <li>
            <MediaCard item={media} />
          </li>
        ))}
      </ul>
      {found.pages > 1 && (
        <nav class="pager" aria-label="Library pages">
          {found.page > 1 && (
            <a href={libraryHref(q, found.page - 1)} rel="prev">
              Newer images
            </a>
          )}
          {found.page < found.pages && (
            <a href={libraryHref(q, found.page + 1)} rel="next">
              Older images
            </a>
          )}
        </nav>
      )}
      <section class="office-panel" aria-labelledby="media-upload-heading">
        <h2 id="media-upload-heading">Upload an image</h2>
        <ErrorSummary errors={props.errors ?? {}} labels={labels} />
        <form method="post" action={`/admin/media?${CSRF_FIELD}=${encodeURIComponent(csrf)}`} enctype="multipart/form-data">
          <div class={`field${props.errors?.file ? ' has-error' : ''}`}>
            <label for="media-file">Image file</label>
            <p class="field-hint" id="media-file-hint">
              JPEG, PNG, WebP, AVIF or GIF, up to 20 MB.
            </p>
            {props.errors?.file && (
              <p class="field-error" id="media-file-error">
                {props.errors.file}
              </p>
            )}
            <input type="file" id="media-file" name="file" required accept="image/jpeg,image/png,image/webp,image/avif,image/gif" aria-describedby="media-file-hint" />
          </div>
          <Field name="alt" label="Alt text" value={props.values?.alt} maxLength={500} hint="What the picture shows, for readers who cannot see it." errors={props.errors} />
          <Field name="credit" label="Credit" value={props.values?.credit} maxLength={300} hint="Shown as “Source: …” under the figure." errors={props.errors} />
          <Field name="credit_url" label="Credit link" type="url" value={props.values?.credit_url} maxLength={2000} hint="Optional: where the credit links to." errors={props.errors} />
          <button type="submit" class="button button-primary">
            Upload
          </button>
        </form>
      </section>
    </OfficePage>
  );
}

function MediaCard(props: { item: MediaInfo }) {
  const item = libraryItem(props.item);
  const markdownId = `media-markdown-${item.id}`;
  return (
    <figure class="media-card">
      <img src={item.thumb} alt={item.alt} width={480} height={Math.max(1, Math.round((480 * item.height) / item.width))} loading="lazy" />
      <figcaption>
        <span class="media-size">
          {item.width}×{item.height}
        </span>{' '}
        {item.alt ? <span class="media-alt">{item.alt}</span> : <span class="media-alt media-missing">No alt text</span>}
        {item.credit && <span class="media-credit">Source: {item.credit}</span>}
        <label for={markdownId}>Markdown for the body</label>
        <input type="text" id={markdownId} readOnly value={figureMarkdown({ src: item.src, alt: item.alt, caption: 'Caption' })} class="media-markdown" />
      </figcaption>
    </figure>
  );
}
