import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { Checkbox, ErrorSummary, Field, PostForm, Select, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getPageRevision, listPageRevisions, listStandalonePages, type PageRevision, type PageRevisionSummary, type StandalonePage } from './store.ts';
import { bodyMaxLength, menuOrderLimit, pageIdOfParams, pageOfParams, revisionNumberOfParams, titleMaxLength, type PageChanges, type PageInput } from './input.ts';
import { maxPathLength, pageHref } from './paths.ts';
import { pagePermissions } from './policies.ts';
import { createPage, deletePage, updatePage } from './commands.ts';
import type { PageMenu, PageStatus } from './tables.ts';

const notices = { created: 'Page created.', saved: 'Page saved.', deleted: 'Page deleted.' };
const labels = { title: 'Title', path: 'Path', body: 'Text', status: 'Status', menu: 'Menu', menu_order: 'Position in the menu' };
const section = 'pages';

const statusWords: Record<PageStatus, string> = { draft: 'Draft', published: 'Published' };
const menuWords: Record<PageMenu, string> = { masthead: 'Masthead', footer: 'Footer', none: 'None' };
const statusChoices = (['draft', 'published'] as const).map((value) => ({ value, label: statusWords[value] }));
const menuChoices = [
  { value: 'none', label: 'None: linked from nowhere' },
  { value: 'masthead', label: 'Masthead: beside the site’s sections' },
  { value: 'footer', label: 'Footer: at the foot of every page' },
];

type PageValues = Record<keyof typeof labels, string>;
const emptyValues: PageValues = { title: '', path: '', body: '', status: 'draft', menu: 'none', menu_order: '0' };

const valuesOf = (page: StandalonePage): PageValues => ({
  title: page.title,
  path: page.path,
  body: page.bodyMarkdown,
  status: page.status,
  menu: page.menu,
  menu_order: String(page.menuOrder),
});

function StatusLabel(props: { status: PageStatus }) {
  return <span class={`status page-status-${props.status}`}>{statusWords[props.status]}</span>;
}

function PagesListPage(props: { site: SiteView; actor: UserActor; pages: StandalonePage[]; notice?: string }) {
  return (
    <OfficePage site={props.site} actor={props.actor} title="Pages" section={section} notice={props.notice}>
      <div class="page-actions">
        <h1>Pages</h1>
        {permits(pagePermissions, props.actor, 'create') && (
          <a class="button button-primary" href="/admin/pages/new">
            New page
          </a>
        )}
      </div>
      <p class="office-lede">The institution’s own pages, outside the experts’ blogs: About, Contact, Team, Terms. Published pages can be linked from the masthead or the footer.</p>
      {props.pages.length === 0 ? (
        <p>No page yet. Start with About.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">Menu</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {props.pages.map((p) => (
                <tr>
                  <td>
                    <a href={`/admin/pages/${p.id}`}>{p.title}</a>
                  </td>
                  <td>{p.status === 'published' ? <a href={pageHref(p.path)}>{pageHref(p.path)}</a> : pageHref(p.path)}</td>
                  <td>
                    <StatusLabel status={p.status} />
                  </td>
                  <td>{p.menu === 'none' ? menuWords.none : `${menuWords[p.menu]}, ${p.menuOrder}`}</td>
                  <td>
                    <time datetime={p.updatedAt}>{formatDateTime(p.updatedAt, props.site.locale.timeZone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}

interface PageFormProps {
  site: SiteView;
  actor: UserActor;
  /** Absent on the form for a new page. */
  page?: StandalonePage;
  values: PageValues;
  errors: FieldErrors;
  deleteError?: string;
  notice?: string;
}

function PageFormPage(props: PageFormProps) {
  const { page, errors, values } = props;
  const csrf = props.actor.session!.csrfToken;
  const deleteErrors: FieldErrors = props.deleteError ? { confirm: props.deleteError } : {};
  return (
    <OfficePage site={props.site} actor={props.actor} title={page ? `Page: ${page.title}` : 'New page'} section={section} notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/pages">Pages</a>
      </p>
      <div class="page-actions">
        <h1>{page ? page.title : 'New page'}</h1>
        {page && (
          <p class="editor-links">
            {page.status === 'published' && <a href={pageHref(page.path)}>View the page</a>} <a href={`/admin/pages/${page.id}/revisions`}>History</a>
          </p>
        )}
      </div>
      <ErrorSummary errors={errors} labels={labels} />
      <PostForm action={page ? `/admin/pages/${page.id}` : '/admin/pages/new'} csrf={csrf} class="office-form">
        <Field name="title" label={labels.title} value={values.title} errors={errors} required maxLength={titleMaxLength} />
        <Field
          name="path"
          label={labels.path}
          value={values.path}
          errors={errors}
          maxLength={maxPathLength + 2}
          hint={
            <>
              The page’s address after the site’s own: <code>about</code>, or <code>about/team</code> for a page under About. Lower-case letters, digits and hyphens. Leave it empty to make one from
              the title. Addresses the site uses itself (<code>blogs</code>, <code>search</code>…) and two-letter ones, kept for languages, are refused.
            </>
          }
        />
        <TextArea
          name="body"
          label={labels.body}
          value={values.body}
          errors={errors}
          rows={20}
          maxLength={bodyMaxLength}
          class="editor-body"
          hint={
            <>
              Markdown, as in articles: <code>## Heading</code>, <code>*emphasis*</code>, <code>- list item</code>, images from the media library with <code>![description](/media/…)</code>, and
              footnotes with <code>[^1]</code> in the text and <code>[^1]: the source</code> on a line of its own.
            </>
          }
        />
        <Select name="status" label={labels.status} value={values.status} choices={statusChoices} errors={errors} hint="Readers see a page once it is published; a draft is seen here only." />
        <Select name="menu" label={labels.menu} value={values.menu} choices={menuChoices} errors={errors} hint="Where every reader’s page links to this one, once it is published." />
        <Field
          name="menu_order"
          label={labels.menu_order}
          type="number"
          value={values.menu_order}
          errors={errors}
          inputMode="numeric"
          hint={`Lower numbers come first (from -${menuOrderLimit} to ${menuOrderLimit}); pages with the same number go by title.`}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {page ? 'Save page' : 'Create page'}
          </button>
          <a class="button" href="/admin/pages">
            Cancel
          </a>
        </div>
      </PostForm>
      {page && permits(pagePermissions, props.actor, 'delete') && (
        <section class="office-panel danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this page</h2>
          <ErrorSummary errors={deleteErrors} labels={{ confirm: 'Confirm deletion' }} />
          <p>Its address, {pageHref(page.path)}, answers “not found” from then on, and its history goes with it. To take it off the site for a while, make it a draft instead.</p>
          <PostForm action={`/admin/pages/${page.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label="Yes, delete this page" errors={deleteErrors} />
            <button type="submit" class="button button-danger">
              Delete page
            </button>
          </PostForm>
        </section>
      )}
    </OfficePage>
  );
}

function RevisionsPage(props: { site: SiteView; actor: UserActor; page: StandalonePage; revisions: PageRevisionSummary[] }) {
  const { page } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title={`History: ${page.title}`} section={section}>
      <p class="breadcrumb">
        <a href={`/admin/pages/${page.id}`}>{page.title}</a>
      </p>
      <h1>History of “{page.title}”</h1>
      <p class="office-lede">Every save is kept. Open a revision to read the page as it was then.</p>
      <ScrollingTable>
        <table class="office-table">
          <caption class="visually-hidden">Revisions, the newest first</caption>
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Title</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Menu</th>
            </tr>
          </thead>
          <tbody>
            {props.revisions.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/pages/${page.id}/revisions/${r.number}`}>Revision {r.number}</a>
                </td>
                <td>
                  <time datetime={r.createdAt}>{formatDateTime(r.createdAt, props.site.locale.timeZone)}</time>
                </td>
                <td>{r.savedBy}</td>
                <td>{r.title}</td>
                <td>{pageHref(r.path)}</td>
                <td>{statusWords[r.status]}</td>
                <td>{r.menu === 'none' ? menuWords.none : `${menuWords[r.menu]}, ${r.menuOrder}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
    </OfficePage>
  );
}

function RevisionPage(props: { site: SiteView; actor: UserActor; page: StandalonePage; revision: PageRevision }) {
  const { page, revision } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title={`Revision ${revision.number}: ${page.title}`} section={section}>
      <p class="breadcrumb">
        <a href={`/admin/pages/${page.id}/revisions`}>History of “{page.title}”</a>
      </p>
      <h1>
        Revision {revision.number} of “{page.title}”
      </h1>
      <dl class="revision-details">
        <dt>Saved</dt>
        <dd>
          <time datetime={revision.createdAt}>{formatDateTime(revision.createdAt, props.site.locale.timeZone)}</time> by {revision.savedBy}
        </dd>
        <dt>Title</dt>
        <dd>{revision.title}</dd>
        <dt>Address</dt>
        <dd>{pageHref(revision.path)}</dd>
        <dt>Status</dt>
        <dd>{statusWords[revision.status]}</dd>
        <dt>Menu</dt>
        <dd>{revision.menu === 'none' ? menuWords.none : `${menuWords[revision.menu]}, position ${revision.menuOrder}`}</dd>
      </dl>
      <h2>Text</h2>
      {revision.bodyMarkdown ? <pre class="revision-text">{revision.bodyMarkdown}</pre> : <p class="muted">The page had no text.</p>}
    </OfficePage>
  );
}

/** What the person typed, to show again beside the problems. */
function typedValues(body: Record<string, unknown>): PageValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { title: text(body.title), path: text(body.path), body: text(body.body), status: text(body.status), menu: text(body.menu), menu_order: text(body.menu_order) };
}

/** The site's pages in the editorial office: the list, writing, publishing and deleting pages, and their history. */
export async function standalonePageOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  async function pageOf(request: FastifyRequest): Promise<StandalonePage> {
    const page = await pageOfParams(handle, request.params);
    if (!page) throw notFound('There is no such page');
    return page;
  }

  const sendForm = async (request: FastifyRequest, reply: FastifyReply, page: StandalonePage | undefined, form: Partial<Pick<PageFormProps, 'values' | 'errors' | 'deleteError'>> = {}, status = 200) =>
    sendOfficePage(
      reply,
      <PageFormPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        page={page}
        values={form.values ?? (page ? valuesOf(page) : emptyValues)}
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );

  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
  /** The form's fields, as the command takes them: a form sends every field. */
  const formInput = (body: Record<string, unknown>) =>
    ({ title: body.title, path: body.path, body: body.body, status: body.status, menu: body.menu, menu_order: body.menu_order }) as PageInput & PageChanges;

  /** A refused page goes back to its form with what was typed; anything but bad input is for the error page. */
  async function refusedForm(request: FastifyRequest, reply: FastifyReply, err: unknown, page?: StandalonePage) {
    const problem = formProblem(err);
    if (!problem) throw err;
    return sendForm(request, reply, page, { values: typedValues(bodyOf(request)), errors: problem.errors }, problem.status);
  }

  app.get('/admin/pages', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(pagePermissions, actor, 'list');
    return sendOfficePage(reply, <PagesListPage site={await ctx.siteView()} actor={actor} pages={await listStandalonePages(handle)} notice={noticeFrom(request, notices)} />);
  });

  app.get('/admin/pages/new', async (request, reply) => {
    requirePermission(pagePermissions, officeActor(request), 'create');
    return sendForm(request, reply, undefined);
  });

  app.post('/admin/pages/new', async (request, reply) => {
    try {
      const page = await createPage(requestContext(ctx, request), officeActor(request), formInput(bodyOf(request)));
      return redirectAfterPost(reply, `/admin/pages/${page.id}`, 'created');
    } catch (err) {
      return refusedForm(request, reply, err);
    }
  });

  app.get('/admin/pages/:id', async (request, reply) => {
    requirePermission(pagePermissions, officeActor(request), 'update');
    return sendForm(request, reply, await pageOf(request));
  });

  app.post('/admin/pages/:id', async (request, reply) => {
    try {
      const page = await updatePage(requestContext(ctx, request), officeActor(request), pageIdOfParams(request.params), formInput(bodyOf(request)), { everyField: true });
      return redirectAfterPost(reply, `/admin/pages/${page.id}`, 'saved');
    } catch (err) {
      if (!formProblem(err)) throw err;
      return refusedForm(request, reply, err, await pageOf(request));
    }
  });

  app.post('/admin/pages/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    // Unconfirmed, the form comes back to those who may delete; the command refuses everyone else.
    if (bodyOf(request).confirm !== '1' && permits(pagePermissions, actor, 'delete')) {
      return sendForm(request, reply, await pageOf(request), { deleteError: 'Tick the box to confirm that the page should go.' }, 422);
    }
    await deletePage(requestContext(ctx, request), actor, pageIdOfParams(request.params));
    return redirectAfterPost(reply, '/admin/pages', 'deleted');
  });

  app.get('/admin/pages/:id/revisions', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(pagePermissions, actor, 'list');
    const page = await pageOf(request);
    return sendOfficePage(reply, <RevisionsPage site={await ctx.siteView()} actor={actor} page={page} revisions={await listPageRevisions(handle, page.id)} />);
  });

  app.get('/admin/pages/:id/revisions/:number', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(pagePermissions, actor, 'list');
    const page = await pageOf(request);
    const number = revisionNumberOfParams(request.params);
    const revision = number ? await getPageRevision(handle, page.id, number) : undefined;
    if (!revision) throw notFound('This page has no such revision');
    return sendOfficePage(reply, <RevisionPage site={await ctx.siteView()} actor={actor} page={page} revision={revision} />);
  });
}
