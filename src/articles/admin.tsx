import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { conflict, invalid, notFound, parseInput, Refusal, type RefusalKind } from '../core/refusals.ts';
import { positiveId } from '../http/schemas.ts';
import { SlugTakenError } from '../db/errors.ts';
import { nowIso } from '../db/time.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { fieldErrorsOf, type Choice, type FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { getExpertById, getExpertBySlug, getExpertsByIds, getExpertsBySlugs, listAllExperts } from '../experts/store.ts';
import { coauthorIdsOf } from './authors.ts';
import { coauthorChoicesOf, coauthorSlugsOf } from './editor-coauthors.tsx';
import { getMediaById, pictureView, type MediaDescription, type StoredImage } from '../media/store.ts';
import { maxUploadBytes } from '../media/fields.ts';
import { mediaPermissions } from '../media/policies.ts';
import { describeFacts, describeImage, discardUpload, uploadImage, type PendingUse } from '../media/commands.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { datetimeLocalValue, formatDateTime, sameMinute } from '../views/format.ts';
import { effectiveStatus, getPoll } from '../polls/store.ts';
import { readPollField } from '../polls/lookup.ts';
import { getTagsByIds } from '../tags/store.ts';
import { getUserById } from '../users/store.ts';
import { acceptedPlaceNames, suggestionsBesides, withTagLabels } from '../places/tags.ts';
import { bodyDiff, wordDiff } from './diff.ts';
import { DeletePage, EditorPage, type EditorAbilities, type EditorValues, type PreviewView, type TranslationRow } from './editor-views.tsx';
import { wordImportOutcome } from './editor-word.tsx';
import { autosaveSchemaIn, editorSchemaIn, previewSchema, readyToLeaveDraft, type AutosaveInput, type EditorInput } from './input.ts';
import { renderArticleBody } from './body-html.ts';
import { draftDocument, draftFieldsOf } from './preview-page.tsx';
import { articlePermissions, type ArticleFacts } from './policies.ts';
import { articlePath } from './paths.ts';
import { expertOfLastSave, getRevision, latestRevisionNumber, listRevisions, type ArticleRevision } from './revisions.ts';
import { RevisionsPage, type Comparison, type FieldChange } from './revision-views.tsx';
import {
  authorizeSave,
  autosaveArticle,
  autosaveRefusal,
  changeArticle,
  createArticle,
  deleteArticle,
  publishArticle,
  restoreRevision,
  returnArticle,
  submitArticle,
  unpublishArticle,
  type ArticleChanges,
  type SaveOutcome,
} from './commands.ts';
import { ArticleChangedError, freeArticleSlug, getArticleById, tagIdsByArticle, type Article } from './store.ts';
import { translationsOf, type TranslationLink } from './translations.ts';
import { defaultLanguageOf, editionLanguageCodes, editionLanguages, editionPrefix, isEditionLanguage, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { isPublic, stepAllowedFrom } from './workflow.ts';
import { articleListRoutes } from './office-list-routes.tsx';

/** What the editor says when it kept an image's words because this person may not change them. */
const descriptionKept = 'The image’s alt text and credit were kept: the image is shown elsewhere (on another blog, a public article or an expert’s portrait), so only editors may change them.';

const notices = {
  created: 'Draft created.',
  saved: 'Saved.',
  submitted: 'Submitted for review. It waits on the editors’ dashboard.',
  published: 'Published: the article is on the site.',
  scheduled: 'Scheduled: the article appears on the site by itself at its publication time.',
  returned: 'Returned to the author with your note.',
  unpublished: 'Unpublished: the article is off the site and a draft again.',
  restored: 'The revision is restored, as a new revision.',
  deleted: 'The article is deleted.',
  image_kept: `Saved. ${descriptionKept}`,
  translation: 'The translation is started: a draft linked to the original, copied from it for you to write over. Give it its own title; empty the slug to make one from the title.',
};

const translateInput = z.object({ language: z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]]) });

const noticeOfAction: Record<string, keyof typeof notices> = {
  'article.save': 'saved',
  'article.submit': 'submitted',
  'article.publish': 'published',
  'article.schedule': 'scheduled',
};

const compareQuery = z.object({ from: positiveId.optional(), to: positiveId.optional() });
const idParams = z.object({ id: positiveId });
const restoreParams = z.object({ id: positiveId, number: positiveId });
const editorActions = ['save', 'submit', 'publish', 'preview'] as const;
type EditorAction = (typeof editorActions)[number];

/** What an editor form sent: its text fields, and the image file if one was chosen. */
interface EditorSubmission {
  fields: Record<string, string>;
  file?: Buffer;
  fileError?: string;
}

/**
 * The article screens of the editorial office: the list, the editor (with preview, autosave and the
 * workflow's buttons), the history with its diffs, and deletion. Every rule comes from policies.ts and
 * every change goes through commands.ts, as the API's do.
 */
export async function articleOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;
  /** The context the commands run in: this request's address goes to the audit log. */

  async function articleFor(actor: UserActor, params: unknown): Promise<Article> {
    const parsed = idParams.safeParse(params);
    const article = parsed.success ? await getArticleById(handle, parsed.data.id) : undefined;
    if (!article) throw notFound('There is no such article. It may have been deleted.');
    requirePermission(articlePermissions, actor, 'read', article);
    return article;
  }

  /** The facts the rules weigh for the editor's buttons: a new article is a draft on the person's own blog. */
  const factsOf = (actor: UserActor, article?: Article): ArticleFacts => article ?? { expertId: actor.expertId ?? -1, status: 'draft' };

  /** The editor's buttons and fields, each shown as the permission table and the workflow allow. */
  function abilitiesFor(actor: UserActor, article?: Article): EditorAbilities {
    const facts = factsOf(actor, article);
    const status = facts.status;
    const may = (action: 'submit' | 'publish' | 'return' | 'unpublish' | 'schedule') => permits(articlePermissions, actor, action, facts);
    return {
      edit: article ? permits(articlePermissions, actor, 'edit', article) : permits(articlePermissions, actor, 'write'),
      saveLabel: status === 'draft' ? 'Save draft' : 'Save changes',
      submit: stepAllowedFrom('submit', status) && may('submit'),
      publish: stepAllowedFrom('publish', status) && may('publish'),
      returnToAuthor: stepAllowedFrom('return', status) && may('return'),
      unpublish: stepAllowedFrom('unpublish', status) && may('unpublish'),
      delete: article !== undefined && permits(articlePermissions, actor, 'delete', article),
      editorialFields: may('schedule'),
    };
  }

  /**
   * The experts a person may write for: those whose blog the rules let them start a draft on. An article's
   * own blog is always among them; a co-author, who may not move the article, is offered that blog alone.
   */
  async function expertChoices(actor: UserActor, article?: Article): Promise<Choice[]> {
    const lead = article && (await getExpertById(handle, article.expertId));
    const leadChoice = lead ? [{ value: lead.slug, label: lead.name }] : [];
    if (article && !permits(articlePermissions, actor, 'edit', { ...article, coauthorIds: [] })) return leadChoice;
    const experts = permits(articlePermissions, actor, 'readAll') ? await listAllExperts(handle) : actor.expertId !== null ? [await getExpertById(handle, actor.expertId)] : [];
    const choices = experts.flatMap((e) => (e && permits(articlePermissions, actor, 'create', { expertId: e.id, status: 'draft' }) ? [{ value: e.slug, label: e.name }] : []));
    return lead && !choices.some((c) => c.value === lead.slug) ? [...leadChoice, ...choices] : choices;
  }

  /** The poll the form names, for its picker to show by its question (the picker searches every poll: src/polls/lookup.ts). */
  async function pollChoices(actor: UserActor, article: Article | undefined, value: string): Promise<Choice[]> {
    if (!permits(articlePermissions, actor, 'attachPoll', factsOf(actor, article))) return [];
    const id = positiveId.safeParse(value);
    const poll = id.success ? await getPoll(handle, id.data) : undefined;
    return poll ? [{ value: String(poll.id), label: `${poll.question} (${effectiveStatus(poll)})` }] : [];
  }

  /** The expert a new article starts under: an author's own; for editors, the one they wrote for last, or the first by name. */
  async function defaultExpertSlug(actor: UserActor, choices: Choice[]): Promise<string> {
    if (permits(articlePermissions, actor, 'readAll')) {
      const last = await expertOfLastSave(handle, actor.userId);
      const expert = last !== undefined ? await getExpertById(handle, last) : undefined;
      if (expert) return expert.slug;
    }
    return choices[0]?.value ?? '';
  }

  async function tagNamesOf(articleId: number): Promise<string[]> {
    const ids = (await tagIdsByArticle(handle, [articleId])).get(articleId) ?? [];
    return [...(await getTagsByIds(handle, ids)).values()].map((t) => t.name).sort((a, b) => a.localeCompare(b));
  }

  async function storedValues(article: Article): Promise<EditorValues> {
    const [expert, tags, media, revision, site, coauthorIds] = await Promise.all([
      getExpertById(handle, article.expertId),
      tagNamesOf(article.id),
      article.heroMediaId ? getMediaById(handle, article.heroMediaId) : undefined,
      latestRevisionNumber(handle, article.id),
      ctx.siteView(),
      coauthorIdsOf(handle, article.id),
    ]);
    const coauthors = await getExpertsByIds(handle, coauthorIds);
    return {
      id: String(article.id),
      expert: expert?.slug ?? '',
      coauthors: coauthorIds.flatMap((id) => coauthors.get(id)?.slug ?? []),
      title: article.title,
      lead: article.lead,
      body: article.bodyMarkdown,
      slug: article.slug,
      published_at: datetimeLocalValue(article.publishedAt, site.locale.timeZone),
      tags: tags.join(', '),
      poll: article.pollId ? String(article.pollId) : '',
      image: article.heroMediaId ? String(article.heroMediaId) : '',
      image_alt: media?.alt ?? '',
      image_credit: media?.credit ?? '',
      image_credit_url: media?.creditUrl ?? '',
      featured: article.featured === 1,
      revision: revision ? String(revision) : '',
      language: article.language,
    };
  }

  function emptyValues(expert: string): EditorValues {
    return {
      id: '',
      expert,
      coauthors: [],
      title: '',
      lead: '',
      body: '',
      slug: '',
      published_at: '',
      tags: '',
      poll: '',
      image: '',
      image_alt: '',
      image_credit: '',
      image_credit_url: '',
      featured: false,
      revision: '',
      language: '',
    };
  }

  function submittedValues(fields: Record<string, string>): EditorValues {
    const text = (name: string) => fields[name] ?? '';
    return {
      id: text('id'),
      expert: text('expert'),
      coauthors: coauthorSlugsOf(fields) ?? [],
      title: text('title'),
      lead: text('lead'),
      body: text('body'),
      slug: text('slug'),
      published_at: text('published_at'),
      tags: text('tags'),
      poll: text('poll'),
      image: text('image'),
      image_alt: text('image_alt'),
      image_credit: text('image_credit'),
      image_credit_url: text('image_credit_url'),
      featured: fields.featured === '1',
      revision: text('revision'),
      language: text('language'),
    };
  }

  async function imageView(imageId: string) {
    const id = positiveId.safeParse(imageId);
    const media = id.success ? await getMediaById(handle, id.data) : undefined;
    return media ? pictureView(media, { fallbackWidth: 800, maxWidth: 1200 }) : undefined;
  }

  interface EditorRender {
    article?: Article;
    values: EditorValues;
    errors?: FieldErrors;
    preview?: PreviewView;
    returnNote?: string;
    returnErrors?: FieldErrors;
    status?: number;
  }

  /** The languages an article may be written in: the site's, and the article's own if it is another. */
  function languageChoices(editions: Editions, current: string): Choice[] {
    const codes = editions.languages.includes(current as EditionLanguage) ? editions.languages : [...editions.languages, current];
    // One language and an article in it: nothing to choose, and the form shows no field.
    if (codes.length < 2) return [];
    return codes.map((code) => ({ value: code, label: isEditionLanguage(code) ? `${editionLanguages[code].nativeName} (${code})` : code }));
  }

  /** Each of the site's languages with the article's version in it: this one, another (to open), or none yet (to add). */
  function translationRows(actor: UserActor, editions: Editions, article: Article, translations: TranslationLink[]): TranslationRow[] | undefined {
    if (editions.languages.length < 2) return undefined;
    return editions.languages.map((language) => {
      const name = editionLanguages[language].nativeName;
      if (language === article.language) return { language, name, kind: 'this' as const };
      const version = translations.find((t) => t.language === language);
      if (!version) return { language, name, kind: 'missing' as const };
      // A version on a blog this person may not open is there, but not theirs to see.
      if (!permits(articlePermissions, actor, 'read', version)) return { language, name, kind: 'elsewhere' as const };
      return { language, name, kind: 'version' as const, href: `/admin/articles/${version.id}`, status: version.status };
    });
  }

  async function renderEditor(request: FastifyRequest, reply: FastifyReply, view: EditorRender) {
    const actor = officeActor(request);
    const { article } = view;
    const [experts, polls, image, revisionCount, expert, site, translations, everyExpert] = await Promise.all([
      expertChoices(actor, article),
      pollChoices(actor, article, view.values.poll),
      imageView(view.values.image),
      article ? latestRevisionNumber(handle, article.id) : 0,
      article ? getExpertById(handle, article.expertId) : undefined,
      ctx.siteView(),
      article ? translationsOf(handle, article) : [],
      listAllExperts(handle),
    ]);
    const { editions } = site.locale;
    const language = view.values.language || article?.language || defaultLanguageOf(editions);
    const values = { ...view.values, language };
    const abilities = abilitiesFor(actor, article);
    // An article that exists is shown as it will read from the start: the live preview then follows the typing.
    const preview = view.preview ?? (await previewOf(request, view.values, article));
    return sendOfficePage(
      reply,
      <EditorPage
        site={site}
        actor={actor}
        article={article}
        values={values}
        languages={languageChoices(editions, language)}
        translations={article ? translationRows(actor, editions, article, translations) : undefined}
        canTranslate={article !== undefined && permits(articlePermissions, actor, 'create', { expertId: article.expertId, status: 'draft' })}
        errors={view.errors ?? {}}
        abilities={abilities}
        experts={experts}
        coauthorChoices={everyExpert.map((e) => ({ value: e.slug, label: e.name }))}
        polls={polls}
        placeSuggestions={article ? suggestionsBesides(article.suggestedTags, view.values.tags) : []}
        image={image}
        preview={preview}
        notice={noticeFrom(request, notices)}
        wordImport={await wordImportOutcome(handle, request, article?.id)}
        returnNote={view.returnNote}
        returnErrors={view.returnErrors}
        publicUrl={article && expert && isPublic(article) ? articlePath(expert.slug, article.slug, editionPrefix(editions, article.language)) : undefined}
        revisionCount={revisionCount}
      />,
      view.status ?? 200,
    );
  }

  /** The article's reading page for the editor's preview frame, drawn from the form's values (src/articles/preview-page.tsx). */
  async function previewOf(request: FastifyRequest, values: EditorValues, article?: Article): Promise<PreviewView> {
    return { document: await draftDocument(ctx, request, draftFieldsOf(values), article) };
  }

  /** Reads the editor form, sent as multipart (with or without a file) or, by scripts and tests, urlencoded. */
  async function readSubmission(request: FastifyRequest): Promise<EditorSubmission> {
    if (!request.isMultipart()) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      for (const [name, value] of Object.entries(body)) {
        const first: unknown = Array.isArray(value) ? value[0] : value;
        if (typeof first === 'string') fields[name] = first;
      }
      return { fields };
    }
    // A file over the limit is cut short rather than refused, so that the form comes back with all else typed.
    const form = await readMultipartForm(request, { fileField: 'image_file', maxFileBytes: maxUploadBytes });
    return { fields: form.fields, file: form.file, fileError: form.fileProblem };
  }

  /** A refusal from the save that belongs next to a field of the form: bad or conflicting input, never a permission. */
  async function formErrorOf(err: unknown): Promise<{ errors: FieldErrors; status: number } | undefined> {
    if (err instanceof ArticleChangedError) return { errors: { '': await changedMessage(err) }, status: 409 };
    if (err instanceof SlugTakenError) return { errors: { slug: 'is taken by another article on this blog; choose another' }, status: 409 };
    const problem = formProblem(err, { review_note: 'note', image: 'image_file', status: '' });
    return problem && (problem.status === 422 || problem.status === 409) ? problem : undefined;
  }

  /**
   * Whether this person may change the description of the image the form names, judged as the image
   * will be used once the form is saved: the article being saved counts as the draft it is edited as.
   */
  async function mayDescribeImage(actor: UserActor, mediaId: number, pending: PendingUse): Promise<boolean> {
    return permits(mediaPermissions, actor, 'describe', await describeFacts(ctx, mediaId, pending));
  }

  /** The alt text and credit the form sent that differ from the image's: nothing when the form leaves them alone. */
  async function descriptionChanges(mediaId: number, fields: Record<string, unknown>, input: Pick<EditorInput, 'image_alt' | 'image_credit' | 'image_credit_url'>): Promise<Partial<MediaDescription>> {
    const media = await getMediaById(handle, mediaId);
    if (!media) return {};
    // Only the description fields the form sent: a form without them leaves the image's words alone.
    const sent: Partial<MediaDescription> = {
      ...(fields.image_alt !== undefined && { alt: input.image_alt }),
      ...(fields.image_credit !== undefined && { credit: input.image_credit }),
      ...(fields.image_credit_url !== undefined && { creditUrl: input.image_credit_url }),
    };
    return Object.fromEntries(Object.entries(sent).filter(([key, value]) => media[key as keyof MediaDescription] !== value));
  }

  async function describeHeroImage(request: FastifyRequest, actor: UserActor, mediaId: number, description: Partial<MediaDescription>, pending: PendingUse): Promise<void> {
    const change = { alt: description.alt, credit: description.credit, credit_url: description.creditUrl };
    await describeImage(requestContext(ctx, request), actor, mediaId, change, { pending, source: 'the article editor' });
  }

  /** Refusals of an upload that the form shows beside its file field: the rest (forbidden) is the error page's. */
  const uploadProblemKinds = new Set<RefusalKind>(['invalid', 'too_large', 'unsupported', 'busy']);

  /** Why an image sent with the form was not stored, as the form shows it. */
  interface UploadProblem {
    error: string;
    status: number;
    headers?: Record<string, string>;
  }

  /** Stores an image sent with the editor form; an unreadable file is the form's problem, not a failure. */
  async function storeUpload(request: FastifyRequest, actor: UserActor, file: Buffer, input: EditorInput): Promise<StoredImage | UploadProblem> {
    try {
      const description = { alt: input.image_alt, credit: input.image_credit, credit_url: input.image_credit_url };
      return await uploadImage({ ...requestContext(ctx, request), imageQueue: ctx.imageQueue }, actor, { file, description, source: 'the article editor' });
    } catch (err) {
      // Too busy is told on the form too, with everything typed kept, so the author need only save again.
      if (!(err instanceof Refusal) || !uploadProblemKinds.has(err.kind)) throw err;
      const headers = err.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(err.retryAfterSeconds) };
      return { error: err.reason, status: err.kind === 'busy' ? 503 : 422, headers };
    }
  }

  /** Saves the editor form as the button pressed asks: a new article, a save, or a step in the workflow. */
  function saveFromEditor(request: FastifyRequest, actor: UserActor, current: Article | undefined, changes: ArticleChanges, action: EditorAction, revision?: number): Promise<SaveOutcome> {
    const commands = requestContext(ctx, request);
    const status = action === 'submit' ? 'in_review' : action === 'publish' ? 'published' : undefined;
    if (!current) return createArticle(commands, actor, { changes: { ...changes, expertId: changes.expertId! }, status });
    const change = { changes, expect: { revision } };
    if (action === 'submit') return submitArticle(commands, actor, current, change);
    if (action === 'publish') return publishArticle(commands, actor, current, change);
    return changeArticle(commands, actor, current, change);
  }

  /** Saves the editor form: the same checks and the same store as the API, with the form shown again on bad input. */
  async function handleEditorPost(request: FastifyRequest, reply: FastifyReply, pathArticle?: Article) {
    const actor = officeActor(request);
    const submission = await readSubmission(request);
    const { fields } = submission;
    // Suggested places ticked in the form (the way without JavaScript) join the tags as if typed.
    const accepted = acceptedPlaceNames(fields);
    if (accepted.length) fields.tags = withTagLabels(fields.tags ?? '', accepted);
    // A new article's form learns its id from the first autosave; from then on it saves that article.
    let current = pathArticle;
    if (!current && fields.id) current = await articleFor(actor, { id: fields.id });
    if (current) requirePermission(articlePermissions, actor, 'edit', current);
    const values = submittedValues(fields);
    if (current) values.id = String(current.id);
    const action: EditorAction = (editorActions as readonly string[]).includes(fields.action ?? '') ? (fields.action as EditorAction) : 'save';
    const refuse = (errors: FieldErrors, status = 422) => renderEditor(request, reply, { article: current, values, errors, status });
    // The poll picker sends an id; without JavaScript, words of a question, which name the poll they fit.
    const poll = await readPollField(handle, fields.poll);
    if ('problem' in poll) return refuse({ poll: poll.problem });
    fields.poll = values.poll = poll.value;
    const refuseUpload = (problem: UploadProblem) => {
      if (problem.headers) reply.headers(problem.headers);
      return refuse({ image_file: problem.error }, problem.status);
    };

    const parsed = editorSchemaIn((await ctx.siteView()).locale.timeZone).safeParse(fields);
    const leavingDraft = action === 'submit' || action === 'publish';
    const errors: FieldErrors = {
      ...(leavingDraft && readyToLeaveDraft({ lead: values.lead, body: values.body })),
      ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
      ...(submission.fileError && { image_file: submission.fileError }),
    };
    if (!parsed.success || Object.keys(errors).length > 0) return refuse(errors);
    const input = parsed.data;
    const expert = await getExpertBySlug(handle, input.expert);
    if (!expert) return refuse({ expert: 'there is no expert with this slug' });
    const coauthors = await coauthorIdsFromForm(fields);
    if ('errors' in coauthors) return refuse(coauthors.errors);
    // Refused before the upload, so that a refused request leaves no image behind.
    requirePermission(articlePermissions, actor, current ? 'edit' : 'create', {
      expertId: expert.id,
      status: current?.status ?? 'draft',
      coauthorIds: current ? await coauthorIdsOf(handle, current.id) : [],
    });

    let imageId = input.remove_image ? null : input.image;
    if (action === 'preview') {
      if (submission.file) {
        const upload = await storeUpload(request, actor, submission.file, input);
        if ('error' in upload) return refuseUpload(upload);
        values.image = String(upload.id);
      }
      // The no-script Preview posts plain fields (no file): a chosen image waits for Save, and the form says so.
      const fileLeft = !submission.file && (fields.image_file ?? '') !== '' ? { image_file: 'is not shown in the preview: choose it again and save to upload it' } : undefined;
      return renderEditor(request, reply, { article: current, values, errors: fileLeft, preview: await previewOf(request, values, current) });
    }

    const changes = await editorChanges(actor, input, { current, expertId: expert.id, coauthorIds: coauthors.ids, imageId, action, editorialFields: fields.editorial_fields === '1' });
    const status = action === 'submit' ? 'in_review' : action === 'publish' ? 'published' : undefined;
    const revision = current && input.revision ? input.revision : undefined;
    // Every check that needs no image runs first, so that a refused form stores no upload.
    try {
      authorizeSave(actor, { current, changes, status });
      await assertStillCurrent(current, revision);
    } catch (err) {
      const refusal = await formErrorOf(err);
      if (!refusal) throw err;
      return refuse(refusal.errors, refusal.status);
    }
    let upload: StoredImage | undefined;
    if (submission.file) {
      const stored = await storeUpload(request, actor, submission.file, input);
      if ('error' in stored) return refuseUpload(stored);
      upload = stored;
      imageId = changes.heroMediaId = stored.id;
      values.image = String(stored.id);
    }
    const description = imageId === null ? {} : await descriptionChanges(imageId, fields, input);
    const pending = { articleId: current?.id, expertId: expert.id };
    const describes = Object.keys(description).length > 0 && imageId !== null && (await mayDescribeImage(actor, imageId, pending));
    let outcome;
    try {
      outcome = await saveFromEditor(request, actor, current, changes, action, revision);
    } catch (err) {
      // The save was refused after all (a slug taken meanwhile, a change by someone else): the new upload goes too.
      if (upload?.created) await discardUpload(requestContext(ctx, request), actor, upload, 'the article save it came with was refused');
      const refusal = await formErrorOf(err);
      if (!refusal) throw err;
      return refuse(refusal.errors, refusal.status);
    }
    if (describes) await describeHeroImage(request, actor, imageId!, description, pending);
    const kept = Object.keys(description).length > 0 && !describes;
    const notice = kept ? 'image_kept' : !current && outcome.action === 'article.save' ? 'created' : (noticeOfAction[outcome.action] ?? 'saved');
    return redirectAfterPost(reply, `/admin/articles/${outcome.article.id}`, notice);
  }

  /** Refuses early, before an upload is stored, a form made from an older revision than the article's latest. */
  async function assertStillCurrent(current: Article | undefined, revision: number | undefined): Promise<void> {
    if (!current || revision === undefined) return;
    const latest = await listRevisions(handle, current.id);
    if (latest[0] && latest[0].number > revision) throw new ArticleChangedError('revision', { number: latest[0].number, userId: latest[0].userId });
  }

  /** What the office says when a save finds the article changed since the form or the script last saw it. */
  async function changedMessage(err: ArticleChangedError): Promise<string> {
    if (err.reason === 'status') return 'This article is no longer a draft: it has moved on in the workflow. Reload it to see where it stands.';
    const latest = err.latest!;
    const user = latest.userId === null ? undefined : await getUserById(handle, latest.userId);
    const by = latest.userId === null ? 'the system' : user ? user.name || user.email : 'a removed account';
    return `This article was changed since you opened it (revision ${latest.number} by ${by}). Your text is below; copy what you need and reload.`;
  }

  /** The co-authors a form names, as ids in byline order; undefined when it sent no co-author field. */
  async function coauthorIdsFromForm(fields: Record<string, unknown>): Promise<{ ids?: number[] } | { errors: FieldErrors }> {
    const chosen = coauthorChoicesOf(fields);
    if (chosen === undefined) return {};
    const found = await getExpertsBySlugs(
      handle,
      chosen.map((c) => c.slug),
    );
    const errors: FieldErrors = {};
    const seen = new Set<string>();
    for (const { field, slug } of chosen) {
      if (!found.has(slug)) errors[field] = 'there is no expert with this slug';
      else if (seen.has(slug) || slug === fields.expert) errors[field] = 'names an expert already on the byline';
      seen.add(slug);
    }
    return Object.keys(errors).length ? { errors } : { ids: chosen.map((c) => found.get(c.slug)!.id) };
  }

  /**
   * The editor's fields as a change, for its Save buttons and its autosave alike; the editors' own
   * fields count only when the form showed them. A field an autosave did not send (undefined) stays.
   */
  async function editorChanges(
    actor: UserActor,
    input: Pick<AutosaveInput, 'title' | 'lead' | 'body' | 'slug' | 'tags' | 'poll' | 'featured' | 'published_at' | 'language'>,
    options: { current?: Article; expertId: number; coauthorIds?: number[]; imageId: number | null | undefined; action: EditorAction; editorialFields: boolean },
  ): Promise<ArticleChanges> {
    const { current, expertId, action } = options;
    // An emptied slug is made again from the title; a new article gets one from the title in the store.
    const slug = input.slug === undefined ? undefined : input.slug || (current ? await freeArticleSlug(handle, expertId, input.title, current.id) : undefined);
    const changes: ArticleChanges = {
      expertId,
      ...(options.coauthorIds !== undefined && { coauthorIds: options.coauthorIds }),
      title: input.title,
      lead: input.lead,
      bodyMarkdown: input.body,
      slug,
      heroMediaId: options.imageId,
      tagLabels: input.tags,
      ...(input.language !== undefined && { language: input.language }),
    };
    const facts = { expertId, status: current?.status ?? 'draft' };
    // The editors' own fields count only from a form that showed them, sent by someone the rules let set them.
    if (options.editorialFields && permits(articlePermissions, actor, 'schedule', facts)) {
      if (input.poll !== undefined && permits(articlePermissions, actor, 'attachPoll', facts)) changes.pollId = input.poll;
      if (permits(articlePermissions, actor, 'feature', facts)) changes.featured = input.featured === '1';
      // An empty publication time means "now" when publishing, "not planned" on a draft, and "unchanged" once published.
      const time = input.published_at ?? null;
      const published = current?.status === 'published';
      // The form shows times to the minute: one that reads as the stored time keeps the stored seconds.
      if (time !== null) {
        if (!sameMinute(time, current?.publishedAt, (await ctx.siteView()).locale.timeZone)) changes.publishedAt = time;
      } else if (!published) changes.publishedAt = action === 'publish' ? nowIso() : null;
    }
    return changes;
  }

  await articleListRoutes(app, ctx, notices);

  app.get('/admin/articles/new', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(articlePermissions, actor, 'write');
    const choices = await expertChoices(actor);
    return renderEditor(request, reply, { values: emptyValues(await defaultExpertSlug(actor, choices)) });
  });

  app.post('/admin/articles/new', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(articlePermissions, actor, 'write');
    return handleEditorPost(request, reply);
  });

  app.post('/admin/articles/preview', async (request) => {
    const input = parseInput(previewSchema, request.body);
    // The figures as they will be published: the library's images with their variants and credit.
    return { html: await renderArticleBody(handle, input.body, 'en') };
  });

  app.post('/admin/articles/autosave', async (request, reply) => {
    const actor = officeActor(request);
    const input = parseInput(autosaveSchemaIn((await ctx.siteView()).locale.timeZone), request.body);
    if (!input.title) throw invalid('must not be empty: autosave waits for a title', 'title');
    const expert = await getExpertBySlug(handle, input.expert);
    if (!expert) throw invalid('there is no expert with this slug', 'expert');
    const current = input.id ? await articleFor(actor, { id: input.id }) : undefined;
    const coauthors = await coauthorIdsFromForm((request.body ?? {}) as Record<string, unknown>);
    if ('errors' in coauthors) {
      const [field, message] = Object.entries(coauthors.errors)[0]!;
      throw invalid(message, field);
    }
    // Everything the editor shows is kept as its Save button would keep it, but the status: the same
    // changes, and the image's alt text and credit where this person may describe the image.
    const imageId = input.remove_image ? null : input.image;
    const changes = await editorChanges(actor, input, { current, expertId: expert.id, coauthorIds: coauthors.ids, imageId, action: 'save', editorialFields: input.editorial_fields === '1' });
    const described = imageId === undefined ? (current?.heroMediaId ?? null) : imageId;
    const description = described === null ? {} : await descriptionChanges(described, (request.body ?? {}) as Record<string, unknown>, input);
    const pending = { articleId: current?.id, expertId: expert.id };
    const describes = Object.keys(description).length > 0 && described !== null && (await mayDescribeImage(actor, described, pending));
    // Checked again inside the save's transaction: a publish or someone else's save may land meanwhile.
    const expect = current && input.revision ? { revision: input.revision } : {};
    let saved;
    try {
      saved = await autosaveArticle(requestContext(ctx, request), actor, { current, changes, expect });
    } catch (err) {
      if (err instanceof ArticleChangedError) throw conflict(err.reason === 'status' ? autosaveRefusal : await changedMessage(err));
      throw err;
    }
    if (describes) await describeHeroImage(request, actor, described!, description, pending);
    const kept = Object.keys(description).length > 0 && !describes;
    const { article, revision } = saved;
    return reply
      .status(current ? 200 : 201)
      .header('cache-control', 'no-store')
      .send({ id: article.id, edit_url: `/admin/articles/${article.id}`, autosave_url: '/admin/articles/autosave', saved_at: article.updatedAt, revision, ...(kept && { notice: descriptionKept }) });
  });

  app.get('/admin/articles/:id', async (request, reply) => {
    const article = await articleFor(officeActor(request), request.params);
    return renderEditor(request, reply, { article, values: await storedValues(article) });
  });

  app.post('/admin/articles/:id', async (request, reply) => {
    const article = await articleFor(officeActor(request), request.params);
    return handleEditorPost(request, reply, article);
  });

  app.post('/admin/articles/:id/return', async (request, reply) => {
    const actor = officeActor(request);
    const article = await articleFor(actor, request.params);
    const raw = (request.body as { note?: unknown } | undefined)?.note;
    const note = typeof raw === 'string' ? raw : '';
    try {
      await returnArticle(requestContext(ctx, request), actor, article, note);
    } catch (err) {
      const problem = formProblem(err, { review_note: 'note' });
      if (!problem || problem.status !== 422) throw err;
      return renderEditor(request, reply, { article, values: await storedValues(article), returnNote: note, returnErrors: problem.errors, status: 422 });
    }
    return redirectAfterPost(reply, `/admin/articles/${article.id}`, 'returned');
  });

  app.post('/admin/articles/:id/unpublish', async (request, reply) => {
    const actor = officeActor(request);
    const article = await articleFor(actor, request.params);
    await unpublishArticle(requestContext(ctx, request), actor, article);
    return redirectAfterPost(reply, `/admin/articles/${article.id}`, 'unpublished');
  });

  /**
   * Starts the article's version in another language: a draft on the same blog, linked to this one, that
   * begins as a copy (title, lead, body, tags and image) for the translator to write over.
   */
  app.post('/admin/articles/:id/translate', async (request, reply) => {
    const actor = officeActor(request);
    const source = await articleFor(actor, request.params);
    const { language } = parseInput(translateInput, request.body);
    const { editions } = (await ctx.siteView()).locale;
    if (!editions.languages.includes(language)) throw invalid('is not one of the site’s languages', 'language');
    const tags = await tagNamesOf(source.id);
    const { article } = await createArticle(requestContext(ctx, request), actor, {
      changes: {
        expertId: source.expertId,
        title: source.title,
        lead: source.lead,
        bodyMarkdown: source.bodyMarkdown,
        heroMediaId: source.heroMediaId,
        tagLabels: tags,
        language,
        translationOf: source.id,
      },
    });
    return redirectAfterPost(reply, `/admin/articles/${article.id}`, 'translation');
  });

  app.get('/admin/articles/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    const article = await articleFor(actor, request.params);
    requirePermission(articlePermissions, actor, 'delete', article);
    return sendOfficePage(reply, <DeletePage site={await ctx.siteView()} actor={actor} article={article} />);
  });

  app.post('/admin/articles/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    const article = await articleFor(actor, request.params);
    await deleteArticle(requestContext(ctx, request), actor, article);
    return redirectAfterPost(reply, '/admin/articles', 'deleted');
  });

  app.get('/admin/articles/:id/revisions', async (request, reply) => {
    const actor = officeActor(request);
    const article = await articleFor(actor, request.params);
    const revisions = await listRevisions(handle, article.id);
    const query = compareQuery.safeParse(request.query ?? {});
    const asked = query.success ? query.data : {};
    const to = asked.to ?? revisions[0]?.number;
    const from = asked.from ?? revisions.find((r) => to !== undefined && r.number < to)?.number;
    const comparison = from !== undefined && to !== undefined && from !== to ? await compare(article.id, from, to) : undefined;
    const names = await saverNames(revisions.map((r) => r.userId));
    return sendOfficePage(
      reply,
      <RevisionsPage
        site={await ctx.siteView()}
        actor={actor}
        article={article}
        rows={revisions.map((revision) => ({ revision, savedBy: revision.userId === null ? 'System' : (names.get(revision.userId) ?? 'A removed account') }))}
        comparison={comparison}
        canRestore={permits(articlePermissions, actor, 'restore', article)}
        notice={noticeFrom(request, notices)}
      />,
    );
  });

  app.post('/admin/articles/:id/revisions/:number/restore', async (request, reply) => {
    const actor = officeActor(request);
    const parsed = restoreParams.safeParse(request.params);
    if (!parsed.success) throw notFound('There is no such revision');
    const article = await articleFor(actor, { id: parsed.data.id });
    await restoreRevision(requestContext(ctx, request), actor, article, parsed.data.number);
    return redirectAfterPost(reply, `/admin/articles/${article.id}`, 'restored');
  });

  async function saverNames(userIds: Array<number | null>): Promise<Map<number, string>> {
    const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
    const users = await Promise.all(ids.map((id) => getUserById(handle, id)));
    return new Map(users.flatMap((u) => (u ? [[u.id, u.name || u.email] as const] : [])));
  }

  async function compare(articleId: number, fromNumber: number, toNumber: number): Promise<Comparison> {
    const [from, to] = await Promise.all([getRevision(handle, articleId, fromNumber), getRevision(handle, articleId, toNumber)]);
    if (!from || !to) throw notFound('There is no such revision of this article');
    return {
      from: from.number,
      to: to.number,
      title: wordDiff(from.title, to.title),
      lead: wordDiff(from.lead, to.lead),
      body: bodyDiff(from.bodyMarkdown, to.bodyMarkdown),
      fields: await fieldChanges(from, to),
    };
  }

  async function fieldChanges(from: ArticleRevision, to: ArticleRevision): Promise<FieldChange[]> {
    const image = (id: number | null) => (id === null ? '' : `Image ${id}`);
    const zone = (await ctx.siteView()).locale.timeZone;
    const time = (iso: string | null) => (iso ? formatDateTime(iso, zone) : '');
    const rows: FieldChange[] = [
      { label: 'Slug', before: from.slug, after: to.slug },
      { label: 'Tags', before: from.tags.split(',').join(', '), after: to.tags.split(',').join(', ') },
      { label: 'Status', before: from.status.replace('_', ' '), after: to.status.replace('_', ' ') },
      { label: 'Publication time', before: time(from.publishedAt), after: time(to.publishedAt) },
      { label: 'Hero image', before: image(from.heroMediaId), after: image(to.heroMediaId) },
    ];
    return rows.filter((r) => r.before !== r.after);
  }
}
