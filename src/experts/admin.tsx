import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { HttpError } from '../http/errors.ts';
import { notFound } from '../core/refusals.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { positiveId, trimmed } from '../http/schemas.ts';
import { SlugTakenError } from '../db/errors.ts';
import type { SiteView } from '../views/site.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { Checkbox, ErrorSummary, Field, PostForm, TextArea, fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { maxUploadBytes } from '../media/fields.ts';
import { saveImage } from '../media/store.ts';
import type { Db } from '../schema.ts';
import { createExpert, deleteExpert, expertSlugTaken, getExpertById, listAllExperts, updateExpert, type Expert } from './store.ts';
import { expertPath, presentExperts } from './present.ts';
import { expertPolicy } from './policies.ts';
import { expertInputSchema, expertSubject } from './routes.tsx';
import { ExpertPortrait, type ExpertView } from './views.tsx';
import { maxProfileLinks, parseProfileLinks } from './links.ts';

// The API's own field rules, so the office refuses exactly what the API refuses. A form sends every
// field as text: surrounding spaces are dropped and an empty slug means "make one from the name".
const api = expertInputSchema.shape;
const expertForm = z.object({
  name: api.name,
  slug: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), api.slug),
  title: trimmed(api.title).transform((v) => v ?? ''),
  affiliation: trimmed(api.affiliation).transform((v) => v ?? ''),
  bio: trimmed(api.bio).transform((v) => v ?? ''),
  same_as: z.preprocess((v) => (typeof v === 'string' ? v.split('\n').map((line) => line.trim()).filter(Boolean) : v), api.same_as),
  remove_photo: z.literal('1').optional(),
});
type ExpertForm = z.output<typeof expertForm>;

const deleteForm = z.object({ confirm: z.literal('1', { errorMap: () => ({ message: 'Tick the box to confirm that the expert and all their articles are to be deleted' }) }) });

const labels = { name: 'Name', slug: 'Slug', title: 'Title', affiliation: 'Affiliation', bio: 'Biography', same_as: 'Profile links', photo_file: 'Portrait', confirm: 'Confirm deletion' };
const notices = { created: 'Expert added.', saved: 'Profile saved.', deleted: 'Expert deleted, with their blog.' };
const megabytes = maxUploadBytes / (1024 * 1024);

/** A submitted profile form: its text fields, the portrait's bytes if one was chosen, and a problem reading it. */
interface Submission {
  fields: Record<string, unknown>;
  photo?: Buffer;
  uploadProblem?: string;
}

/**
 * Reads the profile form. Browsers send it as multipart (it carries a file); a form without a file
 * may come urlencoded. A portrait over the size limit is reported on the form, not as a bare error.
 */
async function readSubmission(request: FastifyRequest): Promise<Submission> {
  if (!request.isMultipart()) return { fields: (request.body as Record<string, unknown> | undefined) ?? {} };
  const form = await readMultipartForm(request, { fileField: 'photo_file', maxFileBytes: maxUploadBytes, maxFields: 20, maxFieldBytes: 64 * 1024 });
  if (form.fileProblem) return { fields: form.fields, uploadProblem: `is too large: a portrait may be at most ${megabytes} MB` };
  return { fields: form.fields, photo: form.file };
}

const typedValues = (fields: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A linked person's own profile, as administrators keep it: read-only. */
function ExpertProfilePage(props: { site: SiteView; actor: UserActor; expert: Expert; view: ExpertView }) {
  const { expert } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title={expert.name} section="experts">
      <p class="breadcrumb">
        <a href="/admin/experts">Experts</a>
      </p>
      <div class="page-actions">
        <h1>{expert.name}</h1>
        <a href={expertPath(expert.slug)}>View the blog</a>
      </div>
      <p>Administrators keep expert profiles. To change anything here, ask an administrator.</p>
      <div class="office-panel">
        {props.view.photo && <ExpertPortrait expert={props.view} size="large" />}
        <dl>
          <dt>Blog address</dt>
          <dd>{expertPath(expert.slug)}</dd>
          <dt>Title</dt>
          <dd>{expert.position || '—'}</dd>
          <dt>Affiliation</dt>
          <dd>{expert.affiliation || '—'}</dd>
          <dt>Biography</dt>
          <dd>{expert.bio || '—'}</dd>
          <dt>Profile links</dt>
          <dd>{parseProfileLinks(expert.sameAs).join(', ') || '—'}</dd>
        </dl>
      </div>
    </OfficePage>
  );
}

interface FormPageProps {
  site: SiteView;
  actor: UserActor;
  expert?: Expert;
  view?: ExpertView;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string;
}

/** The profile form, for a new expert or an existing one, with the portrait and, for administrators, deletion. */
function ExpertFormPage(props: FormPageProps) {
  const { actor, expert, values, errors } = props;
  const csrf = actor.session!.csrfToken;
  const action = expert ? `/admin/experts/${expert.id}` : '/admin/experts/new';
  const title = expert ? expert.name : 'New expert';
  const mayChangeSlug = expertPolicy.changeSlug(actor);
  return (
    <OfficePage site={props.site} actor={actor} title={title} section="experts" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/experts">Experts</a>
      </p>
      <div class="page-actions">
        <h1>{title}</h1>
        {expert && <a href={expertPath(expert.slug)}>View the blog</a>}
      </div>
      <ErrorSummary errors={errors} labels={labels} />
      {/* A file upload without JavaScript is multipart, whose fields the guard reads too late: the token rides in the address. */}
      <PostForm action={`${action}?_csrf=${encodeURIComponent(csrf)}`} csrf={csrf} enctype="multipart/form-data" class="office-form">
        <Field name="name" label="Name" value={values.name} required maxLength={200} errors={errors} />
        {mayChangeSlug ? (
          <Field
            name="slug"
            label="Slug"
            value={values.slug}
            maxLength={120}
            hint={
              expert
                ? 'The blog’s address: /blogs/<slug>. Changing it breaks links people have saved.'
                : 'The blog’s address: /blogs/<slug>. Leave empty to make one from the name.'
            }
            errors={errors}
          />
        ) : (
          expert && <p class="field-hint">The blog’s address is {expertPath(expert.slug)}; an administrator can change it.</p>
        )}
        <Field name="title" label="Title" value={values.title} maxLength={300} hint="Position, e.g. “Senior Fellow, Energy Programme”." errors={errors} />
        <Field name="affiliation" label="Affiliation" value={values.affiliation} maxLength={300} hint="Institution, e.g. “Wrenfield Institute”." errors={errors} />
        <TextArea name="bio" label="Biography" value={values.bio} rows={6} maxLength={5000} hint="Plain text, shown under the name at the top of the blog." errors={errors} />
        <TextArea
          name="same_as"
          label="Profile links, one per line"
          value={values.same_as}
          rows={4}
          hint={`The expert’s profiles elsewhere — ORCID, Google Scholar, LinkedIn, X, a personal site — as full https:// addresses, at most ${maxProfileLinks}. Shown on the blog and given to search engines.`}
          errors={errors}
        />
        <div class="portrait-field">
          {props.view?.photo ? (
            <div class="portrait-current">
              <ExpertPortrait expert={props.view} size="large" />
              <Checkbox name="remove_photo" label="Remove portrait" checked={values.remove_photo === '1'} />
            </div>
          ) : (
            <p class="field-hint">No portrait yet: the blog shows the first letter of the name.</p>
          )}
          <div class={`field${errors.photo_file ? ' has-error' : ''}`}>
            <label for="field-photo_file">Portrait</label>
            <p class="field-hint" id="field-photo_file-hint">
              {props.view?.photo ? 'Choose a file to replace the current portrait. ' : ''}JPEG, PNG, WebP, AVIF or GIF, at most {megabytes} MB; a square or upright
              photo works best.{Object.keys(errors).length > 0 && ' If you had chosen a file, choose it again.'}
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
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">{expert ? 'Save profile' : 'Add expert'}</button>
          <a class="button" href="/admin/experts">Cancel</a>
        </div>
      </PostForm>
      {expert && expertPolicy.delete(actor) && (
        <div class="office-panel danger-zone delete-expert">
          <h2 id="delete-heading">Delete this expert</h2>
          <p>
            Deleting {expert.name} also deletes <strong>every article on their blog</strong>, published or not, with its revisions. Their blog’s address stops
            working. People linked to this expert keep their accounts, but authors among them can write nothing until they are linked to another expert. This
            cannot be undone.
          </p>
          <PostForm action={`/admin/experts/${expert.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label={`Yes, delete ${expert.name} and all their articles`} />
            <button type="submit" class="button button-danger">Delete expert</button>
          </PostForm>
        </div>
      )}
    </OfficePage>
  );
}

function ExpertListPage(props: { site: SiteView; actor: UserActor; experts: ExpertView[]; rows: Expert[]; linked: Map<number, string[]>; notice?: string }) {
  const { actor } = props;
  return (
    <OfficePage site={props.site} actor={actor} title="Experts" section="experts" notice={props.notice}>
      <div class="page-actions">
        <h1>{expertPolicy.create(actor) ? 'Experts' : 'Your expert profile'}</h1>
        {expertPolicy.create(actor) && (
          <a class="button button-primary" href="/admin/experts/new">
            New expert
          </a>
        )}
      </div>
      {props.rows.length === 0 ? (
        <p>No experts yet. Each expert has a blog on the site; add the first one to start publishing.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Blog</th>
                <th scope="col">People linked</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((expert, i) => (
                <tr>
                  <td>
                    <a href={`/admin/experts/${expert.id}`}>{expert.name}</a>
                  </td>
                  <td>{props.experts[i]!.titleLine}</td>
                  <td>
                    <a href={expertPath(expert.slug)}>{expertPath(expert.slug)}</a>
                  </td>
                  <td>{(props.linked.get(expert.id) ?? []).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}

/**
 * Expert profiles in the office: administrators add, change and delete them at /admin/experts; a person
 * linked to an expert keeps that one profile (not its address) up to date.
 */
/** The accounts there are (users sit above experts: an account may be linked to an expert), passed in by app.tsx. */
export type ListUsers = (handle: Db) => Promise<Array<{ expertId: number | null; name: string; email: string }>>;

export async function expertOffice(app: FastifyInstance, ctx: AppContext, listUsers: ListUsers): Promise<void> {
  const { handle } = ctx;

  async function expertFromParams(params: unknown): Promise<Expert> {
    const id = positiveId.safeParse((params as { id?: unknown }).id);
    const expert = id.success ? await getExpertById(handle, id.data) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  async function renderForm(reply: FastifyReply, request: FastifyRequest, options: { expert?: Expert; values?: Record<string, string>; errors?: FieldErrors; status?: number }) {
    const { expert } = options;
    const [view] = expert ? await presentExperts(handle, [expert]) : [];
    const values = options.values ?? (expert ? { name: expert.name, slug: expert.slug, title: expert.position, affiliation: expert.affiliation, bio: expert.bio, same_as: parseProfileLinks(expert.sameAs).join('\n') } : {});
    const page = (
      <ExpertFormPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        expert={expert}
        view={view}
        values={values}
        errors={options.errors ?? {}}
        notice={options.status ? undefined : noticeFrom(request, notices)}
      />
    );
    return sendOfficePage(reply, page, options.status ?? 200);
  }

  /**
   * Checks a submitted profile and stores its portrait; answers the field problems, or the values to save.
   * Nothing is written unless every field is acceptable, so a refused form leaves no trace.
   */
  async function acceptSubmission(actor: UserActor, submission: Submission, expert?: Expert): Promise<{ errors: FieldErrors; status: number; headers?: Record<string, string> } | { input: ExpertForm; photoMediaId?: number | null }> {
    if (submission.uploadProblem) return { errors: { photo_file: submission.uploadProblem }, status: 413 };
    const form = expertForm.safeParse(submission.fields);
    if (!form.success) return { errors: fieldErrorsOf(form.error), status: 422 };
    const input = form.data;
    if (input.slug !== undefined && input.slug !== expert?.slug) {
      allowOrRefuse(expertPolicy.changeSlug(actor), 'Only administrators change an expert’s slug');
      if (await expertSlugTaken(handle, input.slug)) return { errors: { slug: 'is taken by another expert' }, status: 409 };
    }
    if (!submission.photo) return { input, photoMediaId: input.remove_photo ? null : undefined };
    try {
      const media = await saveImage(handle, submission.photo, { alt: `Portrait of ${input.name}`, credit: '', creditUrl: '' }, { queue: ctx.imageQueue });
      return { input, photoMediaId: media.id };
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      // Too busy (503): the form comes back with its message and everything typed, to be sent again shortly.
      return { errors: { photo_file: err.message }, status: err.status === 503 ? 503 : 422, headers: err.headers };
    }
  }

  app.get('/admin/experts', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(expertPolicy.list(actor), 'Expert profiles are kept by administrators and by the people linked to them');
    const all = await listAllExperts(handle);
    const rows = expertPolicy.create(actor) ? all : all.filter((e) => e.id === actor.expertId);
    const [views, users] = await Promise.all([presentExperts(handle, rows), listUsers(handle)]);
    const linked = new Map<number, string[]>();
    for (const user of users) if (user.expertId !== null) linked.set(user.expertId, [...(linked.get(user.expertId) ?? []), user.name || user.email]);
    return sendOfficePage(reply, <ExpertListPage site={await ctx.siteView()} actor={actor} experts={views} rows={rows} linked={linked} notice={noticeFrom(request, notices)} />);
  });

  app.get('/admin/experts/new', async (request, reply) => {
    allowOrRefuse(expertPolicy.create(officeActor(request)), 'Only administrators add experts');
    return renderForm(reply, request, {});
  });

  app.post('/admin/experts/new', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(expertPolicy.create(actor), 'Only administrators add experts');
    const submission = await readSubmission(request);
    const values = typedValues(submission.fields);
    const accepted = await acceptSubmission(actor, submission);
    if ('errors' in accepted) return renderForm(reply.headers(accepted.headers ?? {}), request, { values, errors: accepted.errors, status: accepted.status });
    const { input } = accepted;
    let expert: Expert;
    try {
      expert = await createExpert(handle, { name: input.name, slug: input.slug, position: input.title, affiliation: input.affiliation, bio: input.bio, sameAs: input.same_as, photoMediaId: accepted.photoMediaId ?? null });
    } catch (err) {
      if (err instanceof SlugTakenError) return renderForm(reply, request, { values, errors: { slug: 'is taken by another expert' }, status: 409 });
      throw err;
    }
    await ctx.audit(actor, { action: 'expert.create', subject: expertSubject(expert) }, request);
    ctx.contentChanged();
    return redirectAfterPost(reply, `/admin/experts/${expert.id}`, 'created');
  });

  app.get('/admin/experts/:id', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    allowOrRefuse(expertPolicy.view(actor, expert), 'You may see only the expert profile you are linked to');
    if (!expertPolicy.update(actor)) {
      const [view] = await presentExperts(handle, [expert]);
      return sendOfficePage(reply, <ExpertProfilePage site={await ctx.siteView()} actor={actor} expert={expert} view={view!} />);
    }
    return renderForm(reply, request, { expert });
  });

  app.post('/admin/experts/:id', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    allowOrRefuse(expertPolicy.update(actor), 'Only administrators change expert profiles. Ask one to change yours.');
    const submission = await readSubmission(request);
    const values = typedValues(submission.fields);
    const accepted = await acceptSubmission(actor, submission, expert);
    if ('errors' in accepted) return renderForm(reply.headers(accepted.headers ?? {}), request, { expert, values, errors: accepted.errors, status: accepted.status });
    const { input, photoMediaId } = accepted;
    const changes = {
      name: input.name,
      ...(input.slug !== undefined && { slug: input.slug }),
      position: input.title,
      affiliation: input.affiliation,
      bio: input.bio,
      ...(input.same_as !== undefined && { sameAs: input.same_as }),
      ...(photoMediaId !== undefined && { photoMediaId }),
    };
    const current = { ...expert, sameAs: parseProfileLinks(expert.sameAs) };
    const changedName = (key: string) => ({ position: 'title', photoMediaId: 'portrait', sameAs: 'profile links' })[key] ?? key;
    const changed = Object.entries(changes).filter(([key, value]) => JSON.stringify(current[key as keyof typeof changes]) !== JSON.stringify(value)).map(([key]) => changedName(key));
    if (changed.length > 0) {
      await updateExpert(handle, expert.id, changes);
      await ctx.audit(actor, { action: 'expert.update', subject: expertSubject({ ...expert, name: input.name }), detail: `changed ${changed.join(', ')}` }, request);
      ctx.contentChanged();
    }
    return redirectAfterPost(reply, `/admin/experts/${expert.id}`, 'saved');
  });

  app.post('/admin/experts/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    allowOrRefuse(expertPolicy.delete(actor), 'Only administrators delete experts');
    const form = deleteForm.safeParse(request.body ?? {});
    if (!form.success) return renderForm(reply, request, { expert, errors: fieldErrorsOf(form.error), status: 422 });
    await deleteExpert(handle, expert.id);
    await ctx.audit(actor, { action: 'expert.delete', subject: expertSubject(expert) }, request);
    ctx.contentChanged();
    return redirectAfterPost(reply, '/admin/experts', 'deleted');
  });
}
