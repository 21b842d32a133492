import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { formatDateTime } from '../views/format.ts';
import { mediaExists } from '../media/store.ts';
import { getPoll } from '../polls/store.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { maxAuthors } from './authors.ts';
import { readyToLeaveDraft, reviewNoteField } from './input.ts';
import { articlePermissions, type ArticleFacts } from './policies.ts';
import { getRevision } from './revisions.ts';
import { joinTranslationGroup, leaveTranslationGroup, settleGroup, versionInLanguage } from './translations.ts';
import {
  articleWorkflowStepped,
  getArticleById,
  deleteArticle as deleteArticleRow,
  findArticleId,
  saveArticleChanges,
  saveNewArticle,
  type Article,
  type ArticleInput,
  type SaveExpectation,
  type ArticleWithAuthors,
} from './store.ts';
import type { ArticleStatus } from './tables.ts';
import { stepBetween, stepColumns, workflowSteps, type WorkflowStep } from './workflow.ts';

/**
 * Every change to an article, from the API, the office, the command line and the demo loader: each
 * command checks the permission (policies.ts) and the workflow (workflow.ts), validates, and saves the
 * article, its revision and its audit entry in one transaction, then tells readers' caches.
 */

/** A change to an article, with ids already looked up; tags are labels, made into tags only once the change is allowed. */
export interface ArticleChanges {
  expertId?: number;
  title?: string;
  lead?: string;
  bodyMarkdown?: string;
  slug?: string;
  heroMediaId?: number | null;
  tagLabels?: string[];
  /** Tags that exist already, by id (the demo loader's, made with their kinds and names). */
  tagIds?: number[];
  language?: string;
  publishedAt?: string | null;
  featured?: boolean;
  pollId?: number | null;
  /** The article this one is a version of in another language (joining its group); null leaves the group. */
  translationOf?: number | null;
  /** The experts who wrote it beside the lead, in byline order; [] leaves the lead alone. */
  coauthorIds?: number[];
}

const contentKeys = ['expertId', 'coauthorIds', 'title', 'lead', 'bodyMarkdown', 'slug', 'heroMediaId', 'tagLabels', 'tagIds', 'language', 'translationOf'] as const;

/** What one save asks for; the commands below fill it in. */
export interface SaveRequest {
  /** The article as it stands; absent when the save creates it. */
  current?: Article;
  changes: ArticleChanges;
  /** The status asked for; absent keeps the current one (a new article starts as a draft). */
  status?: ArticleStatus;
  /** The editor's note, which returning an article to its author requires. */
  reviewNote?: string;
  autosave?: boolean;
  /**
   * What the article must still be for the save to apply (status, latest revision), checked inside its
   * transaction; otherwise ArticleChangedError (a conflict) is thrown and nothing is written. The
   * status and blog of `current` are always expected besides: the permission was judged on them.
   */
  expect?: SaveExpectation;
  /** What the revision and the audit log call this save, when it is not a plain save or step (a restore). */
  note?: string;
  auditAction?: string;
  /** The audit entry's detail in place of the usual one (a Word import records what the draft lacks). */
  auditDetail?: string;
}

export interface SaveOutcome {
  article: Article;
  revision: number;
  step: WorkflowStep | null;
  /** `article.save`, `article.submit`, `article.schedule`… as written to the audit log. */
  action: string;
}

/**
 * Refuses what the person may not do (forbidden), what the workflow does not allow from the article's
 * status (conflict) and a return without a note (invalid). Nothing is written before this has passed;
 * the office asks it early too, before it stores an upload that comes with the form.
 */
export function authorizeSave(actor: Actor, request: SaveRequest): WorkflowStep | null {
  const { current, changes } = request;
  const facts: ArticleFacts = current ?? { expertId: changes.expertId!, status: 'draft' };
  if (!current) requirePermission(articlePermissions, actor, 'create', facts);
  if (current && contentKeys.some((key) => changes[key] !== undefined)) requirePermission(articlePermissions, actor, 'edit', current);
  if (current && changes.expertId !== undefined && changes.expertId !== current.expertId) {
    // Moving an article to another blog takes the lead's say on both: a co-author cannot take it over.
    requirePermission(articlePermissions, actor, 'edit', { ...current, coauthorIds: [] });
    requirePermission(articlePermissions, actor, 'edit', { ...current, expertId: changes.expertId, coauthorIds: [] });
  }
  if (changes.coauthorIds !== undefined && !sameIds(changes.coauthorIds, current ? ((current as Partial<ArticleWithAuthors>).coauthorIds ?? []) : []))
    requirePermission(articlePermissions, actor, 'byline', facts);
  if (changes.featured !== undefined) requirePermission(articlePermissions, actor, 'feature', facts);
  if (changes.pollId !== undefined) requirePermission(articlePermissions, actor, 'attachPoll', facts);
  if (changes.publishedAt !== undefined) requirePermission(articlePermissions, actor, 'schedule', facts);
  const from = current?.status ?? 'draft';
  const step = request.status === undefined ? null : stepBetween(from, request.status);
  if (step === undefined) throw conflict(`an article cannot go from ${from} to ${request.status} in one step`, 'status');
  if (step) requirePermission(articlePermissions, actor, step, facts);
  if (step === 'return' && !request.reviewNote) throw invalid('is required to return an article to its author', 'review_note');
  if (step !== 'return' && request.reviewNote !== undefined) throw invalid('goes only with returning an article in review to draft', 'review_note');
  return step;
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Checks that the image and poll named exist: a missing one is the request's fault, not the database's. */
async function assertReferences(handle: Db, changes: ArticleChanges) {
  if (changes.heroMediaId != null && !(await mediaExists(handle, changes.heroMediaId))) throw invalid('there is no image with this id', 'image');
  if (changes.pollId != null && !(await getPoll(handle, changes.pollId))) throw invalid('there is no poll with this id', 'poll');
  if (changes.coauthorIds?.length) {
    const ids = new Set(changes.coauthorIds);
    if (ids.size !== changes.coauthorIds.length) throw invalid('name each expert once', 'experts');
    if (ids.size + 1 > maxAuthors) throw invalid(`an article names at most ${maxAuthors} experts`, 'experts');
    if ((await getExpertsByIds(handle, [...ids])).size !== ids.size) throw invalid('there is no expert with this id', 'experts');
  }
}

/** What goes to review or to readers must be whole: a lead and a body. */
function assertReadyToLeaveDraft(request: SaveRequest) {
  const { changes, current } = request;
  const missing = readyToLeaveDraft({ lead: changes.lead ?? current?.lead ?? '', body: changes.bodyMarkdown ?? current?.bodyMarkdown ?? '' });
  const [field, reason] = Object.entries(missing)[0] ?? [];
  if (field) throw invalid(reason!, field);
}

/**
 * Unpublishing a scheduled article drops its planned time: publishing it again later without a time
 * then means now, not a date from a schedule that was withdrawn. A time already past is kept, as the
 * date the article first went out.
 */
function withdrawnSchedule(current: Article | undefined): Partial<ArticleInput> {
  return current?.publishedAt && current.publishedAt > nowIso() ? { publishedAt: null } : {};
}

function revisionNote(request: SaveRequest, step: WorkflowStep | null, publishedAt: string | null): string {
  if (request.note) return request.note;
  if (request.autosave) return 'Autosave';
  switch (step) {
    case 'submit':
      return 'Submitted for review';
    case 'return':
      return `Returned: ${request.reviewNote}`;
    case 'publish':
      // The note is kept as written, whatever zone the site later chooses: it names its time in UTC.
      return publishedAt && publishedAt > nowIso() ? `Scheduled for ${formatDateTime(publishedAt, 'UTC')}` : 'Published';
    case 'unpublish':
      return 'Unpublished';
  }
  if (!request.current) return 'Created';
  return request.current.status === 'draft' ? 'Saved draft' : 'Saved changes';
}

function auditActionOf(request: SaveRequest, step: WorkflowStep | null, article: Article): string {
  if (request.auditAction) return request.auditAction;
  if (step === 'publish' && article.publishedAt && article.publishedAt > nowIso()) return 'article.schedule';
  return step ? workflowSteps[step].audit : 'article.save';
}

function auditDetail(request: SaveRequest, revision: number, article: Article): string {
  const parts = [`revision ${revision}`];
  if (request.autosave) parts.push('autosave');
  if (request.reviewNote) parts.push(`note: ${request.reviewNote}`);
  if (article.status === 'published' && article.publishedAt) parts.push(`publication time ${article.publishedAt}`);
  return parts.join('; ');
}

const articleSubject = (article: Pick<Article, 'id' | 'title'>) => ({ kind: 'article', id: article.id, label: article.title });

/**
 * The one save every command below makes: the policy check, the workflow step, then the article, its
 * revision and its audit entry in one transaction, and the readers' caches once it has committed.
 */
async function save(ctx: CommandContext, actor: Actor, request: SaveRequest): Promise<SaveOutcome> {
  const step = authorizeSave(actor, request);
  if (step === 'submit' || step === 'publish') assertReadyToLeaveDraft(request);
  const { changes, current } = request;
  return commit(ctx, actor, async (tx) => {
    await assertReferences(tx, changes);
    const translation = await plannedTranslation(tx, actor, request);
    const { translationOf: _link, ...articleChanges } = changes;
    const input: Partial<ArticleInput> = {
      ...articleChanges,
      ...(step && stepColumns(step, { note: request.reviewNote })),
      ...(step === 'unpublish' && changes.publishedAt === undefined && withdrawnSchedule(current)),
    };
    const expectedPublication = step === 'publish' ? (changes.publishedAt ?? current?.publishedAt ?? nowIso()) : null;
    const record = { userId: actor.userId, note: revisionNote(request, step, expectedPublication), autosave: request.autosave };
    // The permission and the step were judged on the article as read: the save applies only while it is
    // still so (status and blog), checked inside its transaction, so that a publish landing meanwhile
    // refuses an author's edit instead of it changing the live article.
    const expect = current && { status: current.status, expertId: current.expertId, ...request.expect };
    const saved = current
      ? await saveArticleChanges(tx, current.id, input, record, expect)
      : await saveNewArticle(tx, { title: '', lead: '', bodyMarkdown: '', ...input, expertId: changes.expertId!, status: input.status ?? 'draft' }, record);
    if (!saved) throw notFound('There is no such article. It may have been deleted.');
    const article = { ...saved.article, translationGroup: await applyTranslation(tx, saved.article, translation) };
    const action = auditActionOf(request, step, article);
    // The people concerned are told (src/notifications) in this transaction: no notice of a change that rolls back.
    if (!request.autosave && (step || current?.status === 'published')) await articleWorkflowStepped.notify(tx, { before: current, article, step, actor, reviewNote: request.reviewNote });
    const detail =
      request.auditDetail ??
      [auditDetail(request, saved.revision, article), ...(translation?.source ? [`a version of article ${translation.source.id} (${translation.source.language})`] : [])].join('; ');
    return {
      result: { article, revision: saved.revision, step, action },
      // A folded autosave is the same revision, already in the log.
      audit: saved.folded ? null : { action, subject: articleSubject(article), detail },
      // Autosaves keep drafts, which readers never see.
      announce: !request.autosave,
    };
  });
}

/** A save's change to the article's translation group: join a source's group, or leave the group (source null). */
interface PlannedTranslation {
  source: Article | null;
}

/**
 * Checks a link to another language's version before anything is written: the source exists (and is on
 * the same blog, or the person may edit it), it is in another language, and its group has no version in
 * this article's language yet. A language change of an article in a group is held to the last rule too.
 */
async function plannedTranslation(tx: Db, actor: Actor, request: SaveRequest): Promise<PlannedTranslation | undefined> {
  const { changes, current } = request;
  const language = changes.language ?? current?.language ?? 'en';
  if (changes.translationOf === null) return current?.translationGroup != null ? { source: null } : undefined;
  if (changes.translationOf === undefined) {
    if (current?.translationGroup != null && language !== current.language && (await versionInLanguage(tx, current.translationGroup, language, current.id)))
      throw conflict(`another version of this article is already in ${language}; each language has one version`, 'language');
    return undefined;
  }
  const source = await getArticleById(tx, changes.translationOf);
  if (!source) throw invalid('there is no article with this id', 'translation_of');
  if (source.id === current?.id) throw invalid('an article cannot be a translation of itself', 'translation_of');
  // Linking writes the source's group too: an article of another blog is linked only by someone who may edit it.
  const blog = changes.expertId ?? current?.expertId;
  if (source.expertId !== blog) requirePermission(articlePermissions, actor, 'edit', source);
  if (source.language === language) throw conflict(`is the language of the article it translates (${language}); give the translation's own language`, 'language');
  const group = source.translationGroup ?? source.id;
  if (await versionInLanguage(tx, group, language, current?.id)) throw conflict(`that article already has a version in ${language}`, 'translation_of');
  return { source };
}

/** Joins or leaves the group as planned, inside the save's transaction; the article's group afterwards. */
async function applyTranslation(tx: Db, article: Article, planned: PlannedTranslation | undefined): Promise<number | null> {
  if (!planned) return article.translationGroup;
  if (article.translationGroup !== null) await leaveTranslationGroup(tx, article);
  if (!planned.source) return null;
  return joinTranslationGroup(tx, planned.source, article.id);
}

/** What a change to an existing article may bring along: its fields, a status to move to, the review note. */
export interface ArticleChange {
  changes?: ArticleChanges;
  status?: ArticleStatus;
  reviewNote?: string;
  expect?: SaveExpectation;
}

/** Writes a new article, on the blog `changes.expertId` names; a draft unless `status` says otherwise. */
export function createArticle(
  ctx: CommandContext,
  actor: Actor,
  draft: { changes: ArticleChanges & { expertId: number }; status?: ArticleStatus; reviewNote?: string } & Pick<SaveRequest, 'note' | 'auditAction' | 'auditDetail'>,
): Promise<SaveOutcome> {
  return save(ctx, actor, { changes: draft.changes, status: draft.status, reviewNote: draft.reviewNote, note: draft.note, auditAction: draft.auditAction, auditDetail: draft.auditDetail });
}

/** Saves changes to an article, and takes the workflow step its new status asks for, if any (the API's PATCH). */
export function changeArticle(ctx: CommandContext, actor: Actor, article: Article, change: ArticleChange): Promise<SaveOutcome> {
  return save(ctx, actor, { current: article, changes: change.changes ?? {}, status: change.status, reviewNote: change.reviewNote, expect: change.expect });
}

export const autosaveRefusal = 'Autosave keeps drafts only; this article has moved on in the workflow. Save it with the buttons.';

/**
 * Keeps a draft as it stands in the editor, the status unchanged. Autosaves by one person fold into
 * one revision for a while (revisions.ts), and only drafts are autosaved: `expect.status` is 'draft'.
 */
export function autosaveArticle(ctx: CommandContext, actor: Actor, draft: { current?: Article; changes: ArticleChanges; expect?: SaveExpectation }): Promise<SaveOutcome> {
  if (draft.current && draft.current.status !== 'draft') throw conflict(autosaveRefusal);
  return save(ctx, actor, { current: draft.current, changes: draft.changes, autosave: true, expect: { status: 'draft', ...draft.expect } });
}

/** Sends a draft to the editors' review, with the changes made alongside. */
export function submitArticle(ctx: CommandContext, actor: Actor, article: Article, change: Omit<ArticleChange, 'status' | 'reviewNote'> = {}): Promise<SaveOutcome> {
  return changeArticle(ctx, actor, article, { ...change, status: 'in_review' });
}

/** Publishes an article, now or at `changes.publishedAt` (then it is scheduled: `article.schedule`). */
export function publishArticle(ctx: CommandContext, actor: Actor, article: Article, change: Omit<ArticleChange, 'status' | 'reviewNote'> = {}): Promise<SaveOutcome> {
  return changeArticle(ctx, actor, article, { ...change, status: 'published' });
}

const returnInput = z.object({ review_note: reviewNoteField });

/** Sends an article in review back to its author as a draft, with the editor's note. */
export function returnArticle(ctx: CommandContext, actor: Actor, article: Article, note: string): Promise<SaveOutcome> {
  requirePermission(articlePermissions, actor, 'return', article);
  if (article.status !== 'in_review') throw conflict('Only an article in review can be returned to its author');
  const { review_note } = parseInput(returnInput, { review_note: note });
  return changeArticle(ctx, actor, article, { status: 'draft', reviewNote: review_note });
}

/** Takes a published (or scheduled) article off the site: a draft again. */
export function unpublishArticle(ctx: CommandContext, actor: Actor, article: Article): Promise<SaveOutcome> {
  requirePermission(articlePermissions, actor, 'unpublish', article);
  if (article.status !== 'published') throw conflict('This article is not published');
  return changeArticle(ctx, actor, article, { status: 'draft' });
}

/** Makes the article the site's featured one (which unfeatures the others), or no longer featured. */
export function featureArticle(ctx: CommandContext, actor: Actor, article: Article, featured: boolean): Promise<SaveOutcome> {
  return changeArticle(ctx, actor, article, { changes: { featured } });
}

/** Makes an earlier revision's text the article's again, as a new revision. */
export async function restoreRevision(ctx: CommandContext, actor: Actor, article: Article, number: number): Promise<SaveOutcome> {
  requirePermission(articlePermissions, actor, 'restore', article);
  const revision = await getRevision(ctx.handle, article.id, number);
  if (!revision) throw notFound('There is no such revision');
  // The old address may belong to another article by now; the article then keeps its current one.
  const slugOwner = await findArticleId(ctx.handle, article.expertId, revision.slug);
  const changes: ArticleChanges = {
    title: revision.title,
    lead: revision.lead,
    bodyMarkdown: revision.bodyMarkdown,
    ...((slugOwner === undefined || slugOwner === article.id) && { slug: revision.slug }),
    heroMediaId: revision.heroMediaId,
    tagLabels: revision.tags ? revision.tags.split(',') : [],
  };
  return save(ctx, actor, { current: article, changes, note: `Restored revision ${revision.number}`, auditAction: 'article.restore' });
}

/** Deletes an article if the person may; the audit log keeps its title. */
export async function deleteArticle(ctx: CommandContext, actor: Actor, article: Article): Promise<void> {
  requirePermission(articlePermissions, actor, 'delete', article);
  await commit(ctx, actor, async (tx) => {
    // Only while it is as the permission saw it: a draft published meanwhile is not deleted by its author (a conflict).
    const deleted = await deleteArticleRow(tx, article.id, { status: article.status, expertId: article.expertId });
    if (!deleted) throw notFound('There is no such article. It may have been deleted.');
    if (article.translationGroup !== null) await settleGroup(tx, article.translationGroup);
    return { result: undefined, audit: { action: 'article.delete', subject: articleSubject(article), detail: `was ${article.status}` }, announce: true };
  });
}

/**
 * The save as other capabilities have called it: who acts is part of the request, and the request's
 * address goes to the audit log. New code calls the commands above.
 */
export function saveArticle(ctx: CommandContext, request: { ip: string }, command: SaveRequest & { actor: Actor }): Promise<SaveOutcome> {
  const { actor, ...saveRequest } = command;
  return save({ handle: ctx.handle, contentChanged: () => ctx.contentChanged(), ip: request.ip }, actor, saveRequest);
}

/**
 * Shows this poll on the article in place of the site's current poll (null: the current poll again).
 * A change of the article like any other: the editors' permission, a revision, an audit entry.
 */
export async function setArticlePoll(ctx: CommandContext, actor: Actor, input: { articleId: number; pollId: number | null }): Promise<Article> {
  const article = await getArticleById(ctx.handle, input.articleId);
  if (!article) throw notFound('There is no such article. It may have been deleted.');
  const saved = await changeArticle(ctx, actor, article, { changes: { pollId: input.pollId } });
  return saved.article;
}
