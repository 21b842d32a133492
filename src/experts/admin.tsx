import '@fastify/multipart';
import { PortraitFileField } from './portrait-field.tsx';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound, Refusal } from '../core/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { normaliseText, positiveId } from '../http/schemas.ts';
import { formProblem } from '../office/refusals.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { Checkbox, ErrorSummary, Field, PostForm, TextArea, fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { maxUploadBytes } from '../media/fields.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguageCodes, editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { getExpertById, getExpertTranslations, listAllExperts, type Expert, type ExpertTranslations } from './store.ts';
import { createExpert, deleteExpert, expertMaxLengths, updateExpert, type ExpertInput } from './commands.ts';
import { expertPath, presentExperts } from './present.ts';
import { expertPermissions } from './policies.ts';
import { ExpertPortrait, type ExpertView } from './views.tsx';
import { maxProfileLinks, parseProfileLinks } from './links.ts';

/**
 * The profile form in the API's terms: the command holds it to the API's rules, so the office refuses
 * exactly what the API refuses. A form sends every field as text: surrounding spaces are dropped, an empty
 * slug means "make one from the name", and the profile links come one per line.
 */
function formInput(fields: Record<string, unknown>): ExpertInput {
  const text = (v: unknown) => (typeof v === 'string' ? normaliseText(v).trim() : (v ?? ''));
  const { name, slug, title, affiliation, bio, same_as: links, remove_photo: removePhoto } = fields;
  const translations = translationsOf(fields, text);
  return {
    ...(Object.keys(translations).length > 0 && { translations: translations as ExpertInput['translations'] }),
    name: name as string,
    slug: (typeof slug === 'string' ? slug.trim() || undefined : slug) as string | undefined,
    title: text(title) as string,
    affiliation: text(affiliation) as string,
    bio: text(bio) as string,
    same_as: (typeof links === 'string'
      ? links
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
      : links) as string[] | undefined,
    ...(removePhoto === '1' && { photo: null }),
  };
}

/** The form's fields of the profile in another language: `translations.ru.bio`, also where the command reports a problem with it. */
const translatedFields = ['name', 'title', 'affiliation', 'bio'] as const;
type TranslatedField = (typeof translatedFields)[number];
const translatedFieldName = (language: string, field: TranslatedField) => `translations.${language}.${field}`;

/** The profile in other languages a form sent, as the command takes it; a language the site lacks is the command's to refuse. */
function translationsOf(fields: Record<string, unknown>, text: (v: unknown) => unknown): Record<string, Record<string, unknown>> {
  const translations: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(fields)) {
    const [, language, field] = /^translations\.([^.]+)\.([a-z]+)$/.exec(key) ?? [];
    if (language !== undefined && field !== undefined) (translations[language] ??= {})[field] = text(value);
  }
  return translations;
}

/** A profile's texts in other languages as form values. */
const translatedValues = (translations: ExpertTranslations): Record<string, string> =>
  Object.fromEntries(
    Object.entries(translations).flatMap(([language, t]) => [
      [translatedFieldName(language, 'name'), t.name],
      [translatedFieldName(language, 'title'), t.position],
      [translatedFieldName(language, 'affiliation'), t.affiliation],
      [translatedFieldName(language, 'bio'), t.bio],
    ]),
  );

const fieldWords: Record<TranslatedField, string> = { name: 'Name', title: 'Title', affiliation: 'Affiliation', bio: 'Biography' };
const translatedLabel = (language: EditionLanguage, field: TranslatedField) => `${fieldWords[field]} in ${editionLanguages[language].nativeName}`;
/** The error summary's names of every language's fields: "Biography in Русский: must be at most 5000 characters". */
const translatedLabels = Object.fromEntries(editionLanguageCodes.flatMap((language) => translatedFields.map((field) => [translatedFieldName(language, field), translatedLabel(language, field)])));

/** The profile in one other language of the site: each text falls back to the default language's when left empty. */
function TranslationFieldset(props: { language: EditionLanguage; values: Record<string, string>; errors: FieldErrors; withName: boolean }) {
  const { language, values, errors } = props;
  const field = (name: TranslatedField) => ({ name: translatedFieldName(language, name), label: translatedLabel(language, name), value: values[translatedFieldName(language, name)], errors });
  return (
    <fieldset class="translation-fields">
      <legend>{editionLanguages[language].nativeName}</legend>
      <p class="field-hint">The profile as pages in {editionLanguages[language].nativeName} show it. A text left empty is shown as it is above.</p>
      {props.withName && <Field {...field('name')} maxLength={expertMaxLengths.name} />}
      <Field {...field('title')} maxLength={expertMaxLengths.title} />
      <Field {...field('affiliation')} maxLength={expertMaxLengths.affiliation} />
      <TextArea {...field('bio')} rows={6} maxLength={expertMaxLengths.bio} />
    </fieldset>
  );
}

const deleteForm = z.object({ confirm: z.literal('1', { errorMap: () => ({ message: 'Tick the box to confirm that the expert and all their articles are to be deleted' }) }) });

const labels = {
  name: 'Name',
  slug: 'Slug',
  title: 'Title',
  affiliation: 'Affiliation',
  bio: 'Biography',
  same_as: 'Profile links',
  photo_file: 'Portrait',
  confirm: 'Confirm deletion',
  ...translatedLabels,
};
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
  // The profile's own fields, and four in each other language.
  const maxFields = 20 + translatedFields.length * editionLanguageCodes.length;
  const form = await readMultipartForm(request, { fileField: 'photo_file', maxFileBytes: maxUploadBytes, maxFields, maxFieldBytes: 64 * 1024 });
  if (form.fileProblem) return { fields: form.fields, uploadProblem: `is too large: a portrait may be at most ${megabytes} MB` };
  return { fields: form.fields, photo: form.file };
}

const typedValues = (fields: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));

interface FormPageProps {
  site: SiteView;
  actor: UserActor;
  /** The site's languages besides the default: the form has the profile's texts in each. */
  otherLanguages: EditionLanguage[];
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
  const mayChangeSlug = permits(expertPermissions, actor, 'changeSlug');
  const mayRename = permits(expertPermissions, actor, 'rename');
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
        {mayRename || !expert ? (
          <Field name="name" label="Name" value={values.name} required maxLength={200} errors={errors} />
        ) : (
          <p class="field-hint">The name, {expert.name}, is the byline of every article: an editor can change it.</p>
        )}
        {mayChangeSlug ? (
          <Field
            name="slug"
            label="Slug"
            value={values.slug}
            maxLength={120}
            hint={expert ? 'The blog’s address: /blogs/<slug>. Changing it breaks links people have saved.' : 'The blog’s address: /blogs/<slug>. Leave empty to make one from the name.'}
            errors={errors}
          />
        ) : (
          expert && <p class="field-hint">The blog’s address is {expertPath(expert.slug)}; an administrator can change it.</p>
        )}
        <Field name="title" label="Title" value={values.title} maxLength={300} hint="Position, e.g. “Senior Fellow, Energy Programme”." errors={errors} />
        <Field name="affiliation" label="Affiliation" value={values.affiliation} maxLength={300} hint="Institution, e.g. “Wrenfield Institute”." errors={errors} />
        <TextArea name="bio" label="Biography" value={values.bio} rows={6} maxLength={5000} hint="Plain text, shown under the name at the top of the blog." errors={errors} />
        {props.otherLanguages.map((language) => (
          <TranslationFieldset language={language} values={values} errors={errors} withName={mayRename || !expert} />
        ))}
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
          <PortraitFileField
            hint={`${props.view?.photo ? 'Choose a file to replace the current portrait. ' : ''}JPEG, PNG, WebP, AVIF or GIF, at most ${megabytes} MB; a square or upright photo works best.`}
            errors={errors}
          />
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {expert ? 'Save profile' : 'Add expert'}
          </button>
          <a class="button" href="/admin/experts">
            Cancel
          </a>
        </div>
      </PostForm>
      {expert && permits(expertPermissions, actor, 'delete') && (
        <div class="office-panel danger-zone delete-expert">
          <h2 id="delete-heading">Delete this expert</h2>
          <p>
            Deleting {expert.name} also deletes <strong>every article on their blog</strong>, published or not, with its revisions. Their blog’s address stops working. People linked to this expert
            keep their accounts, but authors among them can write nothing until they are linked to another expert. This cannot be undone.
          </p>
          <PostForm action={`/admin/experts/${expert.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label={`Yes, delete ${expert.name} and all their articles`} />
            <button type="submit" class="button button-danger">
              Delete expert
            </button>
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
        <h1>{permits(expertPermissions, actor, 'listAll') ? 'Experts' : 'Your expert profile'}</h1>
        {permits(expertPermissions, actor, 'create') && (
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

/** The accounts there are (users sit above experts: an account may be linked to an expert), passed in by app.tsx. */
export type ListUsers = (handle: Db) => Promise<Array<{ expertId: number | null; name: string; email: string }>>;

/**
 * Expert profiles in the office: administrators add, change and delete them at /admin/experts; a person
 * linked to an expert keeps that one profile (not its address) up to date.
 */

export async function expertOffice(app: FastifyInstance, ctx: AppContext, listUsers: ListUsers): Promise<void> {
  const { handle } = ctx;

  async function expertFromParams(params: unknown): Promise<Expert> {
    const id = positiveId.safeParse((params as { id?: unknown }).id);
    const expert = id.success ? await getExpertById(handle, id.data) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  /** The site's languages besides its default. */
  const otherLanguages = async () => (await getSiteSettings(handle)).languages.slice(1);

  async function renderForm(reply: FastifyReply, request: FastifyRequest, options: { expert?: Expert; values?: Record<string, string>; errors?: FieldErrors; status?: number }) {
    const { expert } = options;
    const [view] = expert ? await presentExperts(handle, [expert]) : [];
    const values =
      options.values ??
      (expert
        ? {
            name: expert.name,
            slug: expert.slug,
            title: expert.position,
            affiliation: expert.affiliation,
            bio: expert.bio,
            same_as: parseProfileLinks(expert.sameAs).join('\n'),
            ...translatedValues(await getExpertTranslations(handle, expert.id)),
          }
        : {});
    const page = (
      <ExpertFormPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        otherLanguages={await otherLanguages()}
        expert={expert}
        view={view}
        values={values}
        errors={options.errors ?? {}}
        notice={options.status ? undefined : noticeFrom(request, notices)}
      />
    );
    return sendOfficePage(reply, page, options.status ?? 200);
  }

  /** A refused profile goes back to its form, with everything typed; a busy server says when to send it again. */
  function refusedForm(reply: FastifyReply, request: FastifyRequest, err: unknown, submission: Submission, expert?: Expert) {
    const problem = formProblem(err, { portrait: 'photo_file' });
    if (!problem) throw err;
    const retryAfter = err instanceof Refusal ? err.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return renderForm(reply, request, { expert, values: typedValues(submission.fields), errors: problem.errors, status: problem.status });
  }

  /** A portrait over the size limit goes back to the form, for those who may send it at all (the command refuses the others). */
  const tooLargeForm = (reply: FastifyReply, request: FastifyRequest, submission: Submission, may: boolean, expert?: Expert) =>
    submission.uploadProblem && may ? renderForm(reply, request, { expert, values: typedValues(submission.fields), errors: { photo_file: submission.uploadProblem }, status: 413 }) : undefined;

  app.get('/admin/experts', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(expertPermissions, actor, 'list');
    const [all, settings] = await Promise.all([listAllExperts(handle), getSiteSettings(handle)]);
    // A to Z as the site's default language sorts names: the database's order puts "Ёлкин" after "Яшин".
    const { compare } = localeFor(settings.languages[0]!);
    all.sort((a, b) => compare(a.name, b.name) || a.id - b.id);
    const rows = permits(expertPermissions, actor, 'listAll') ? all : all.filter((e) => e.id === actor.expertId);
    const [views, users] = await Promise.all([presentExperts(handle, rows), listUsers(handle)]);
    const linked = new Map<number, string[]>();
    for (const user of users) if (user.expertId !== null) linked.set(user.expertId, [...(linked.get(user.expertId) ?? []), user.name || user.email]);
    return sendOfficePage(reply, <ExpertListPage site={await ctx.siteView()} actor={actor} experts={views} rows={rows} linked={linked} notice={noticeFrom(request, notices)} />);
  });

  // "My profile" in the office menu: the profile of the expert one is linked to.
  app.get('/admin/experts/mine', async (request, reply) => {
    const actor = officeActor(request);
    if (actor.expertId === null) throw notFound('Your account is not linked to an expert profile');
    return reply.redirect(`/admin/experts/${actor.expertId}`, 303);
  });

  app.get('/admin/experts/new', async (request, reply) => {
    requirePermission(expertPermissions, officeActor(request), 'create');
    return renderForm(reply, request, {});
  });

  app.post('/admin/experts/new', async (request, reply) => {
    const actor = officeActor(request);
    const submission = await readSubmission(request);
    const tooLarge = tooLargeForm(reply, request, submission, permits(expertPermissions, actor, 'create'));
    if (tooLarge) return tooLarge;
    try {
      const expert = await createExpert(requestContext(ctx, request), actor, formInput(submission.fields), { portrait: submission.photo });
      return redirectAfterPost(reply, `/admin/experts/${expert.id}`, 'created');
    } catch (err) {
      return refusedForm(reply, request, err, submission);
    }
  });

  app.get('/admin/experts/:id', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    requirePermission(expertPermissions, actor, 'view', expert);
    return renderForm(reply, request, { expert });
  });

  app.post('/admin/experts/:id', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    const submission = await readSubmission(request);
    const tooLarge = tooLargeForm(reply, request, submission, permits(expertPermissions, actor, 'update', expert), expert);
    if (tooLarge) return tooLarge;
    try {
      await updateExpert(requestContext(ctx, request), actor, { id: expert.id }, formInput(submission.fields), { portrait: submission.photo });
    } catch (err) {
      return refusedForm(reply, request, err, submission, expert);
    }
    return redirectAfterPost(reply, `/admin/experts/${expert.id}`, 'saved');
  });

  app.post('/admin/experts/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    const expert = await expertFromParams(request.params);
    const form = deleteForm.safeParse(request.body ?? {});
    // Unconfirmed, the form comes back to those who may delete; the command refuses everyone else.
    if (!form.success && permits(expertPermissions, actor, 'delete')) return renderForm(reply, request, { expert, errors: fieldErrorsOf(form.error), status: 422 });
    await deleteExpert(requestContext(ctx, request), actor, { id: expert.id });
    return redirectAfterPost(reply, '/admin/experts', 'deleted');
  });
}
