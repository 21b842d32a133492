import type { AppContext } from '../context.ts';
import type { Actor } from '../core/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../core/refusals.ts';
import { nowIso } from '../db/time.ts';
import { formatDateTime } from '../views/format.ts';
import { mediaExists } from '../media/store.ts';
import { getPoll } from '../polls/store.ts';
import { readyToLeaveDraft } from './input.ts';
import { mayArticle, type ArticleFacts } from './policies.ts';
import { deleteArticle, saveArticleChanges, saveNewArticle, type Article, type ArticleInput, type SaveExpectation } from './store.ts';
import type { ArticleStatus } from './tables.ts';
import { stepBetween, stepColumns, workflowSteps, type WorkflowStep } from './workflow.ts';

/** A change to an article, with ids already looked up; tags are labels, made into tags only once the change is allowed. */
export interface ArticleChanges {
  expertId?: number;
  title?: string;
  lead?: string;
  bodyMarkdown?: string;
  slug?: string;
  heroMediaId?: number | null;
  tagLabels?: string[];
  language?: string;
  publishedAt?: string | null;
  featured?: boolean;
  pollId?: number | null;
}

const contentKeys = ['expertId', 'title', 'lead', 'bodyMarkdown', 'slug', 'heroMediaId', 'tagLabels', 'language'] as const;

export interface SaveCommand {
  actor: Actor;
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
   * transaction; otherwise the store's ArticleChangedError (a 409) is thrown and nothing is written.
   * The status and blog of `current` are always expected besides: the permission was judged on them.
   */
  expect?: SaveExpectation;
  /** What the revision and the audit log call this save, when it is not a plain save or step (a restore). */
  note?: string;
  auditAction?: string;
}

export interface SaveOutcome {
  article: Article;
  revision: number;
  step: WorkflowStep | null;
  /** `article.save`, `article.submit`, `article.schedule`… as written to the audit log. */
  action: string;
}

/**
 * Refuses what the person may not do (403), what the workflow does not allow from the article's
 * status (409) and a return without a note (422). Nothing is written before this has passed.
 */
export function authorizeSave(command: SaveCommand): WorkflowStep | null {
  const { actor, current, changes } = command;
  const facts: ArticleFacts = current ?? { expertId: changes.expertId!, status: 'draft' };
  if (!current && !mayArticle(actor, 'create', facts)) throw forbidden('Authors write drafts for their own blog only');
  if (current && contentKeys.some((key) => changes[key] !== undefined) && !mayArticle(actor, 'edit', current)) {
    throw forbidden(current.status === 'draft' ? 'Authors may only change the drafts of their own blog' : 'Authors may change an article only while it is a draft; editors handle it in review and once published');
  }
  if (current && changes.expertId !== undefined && changes.expertId !== current.expertId && !mayArticle(actor, 'edit', { ...current, expertId: changes.expertId })) {
    throw forbidden('Authors may only write for their own blog');
  }
  if (changes.featured !== undefined && !mayArticle(actor, 'feature', facts)) throw forbidden('Only editors feature articles');
  if (changes.pollId !== undefined && !mayArticle(actor, 'attachPoll', facts)) throw forbidden('Only editors attach polls to articles');
  if (changes.publishedAt !== undefined && !mayArticle(actor, 'schedule', facts)) throw forbidden('Only editors set the publication time');
  const from = current?.status ?? 'draft';
  const step = command.status === undefined ? null : stepBetween(from, command.status);
  if (step === undefined) throw conflict(`an article cannot go from ${from} to ${command.status} in one step`, 'status');
  if (step && !mayArticle(actor, step, facts)) {
    throw forbidden(step === 'submit' ? 'Authors submit only the drafts of their own blog' : 'Only editors return, publish and unpublish articles');
  }
  if (step === 'return' && !command.reviewNote) throw invalid('is required to return an article to its author', 'review_note');
  if (step !== 'return' && command.reviewNote !== undefined) throw invalid('goes only with returning an article in review to draft', 'review_note');
  return step;
}

/** Checks that the image and poll named exist: a missing one is the request's fault (422), not the database's. */
async function assertReferences(ctx: AppContext, changes: ArticleChanges) {
  if (changes.heroMediaId != null && !(await mediaExists(ctx.handle, changes.heroMediaId))) throw invalid('there is no image with this id', 'image');
  if (changes.pollId != null && !(await getPoll(ctx.handle, changes.pollId))) throw invalid('there is no poll with this id', 'poll');
}

/**
 * Unpublishing a scheduled article drops its planned time: publishing it again later without a time
 * then means now, not a date from a schedule that was withdrawn. A time already past is kept, as the
 * date the article first went out.
 */
function withdrawnSchedule(current: Article | undefined): Partial<ArticleInput> {
  return current?.publishedAt && current.publishedAt > nowIso() ? { publishedAt: null } : {};
}

function revisionNote(command: SaveCommand, step: WorkflowStep | null, publishedAt: string | null): string {
  if (command.note) return command.note;
  if (command.autosave) return 'Autosave';
  switch (step) {
    case 'submit':
      return 'Submitted for review';
    case 'return':
      return `Returned: ${command.reviewNote}`;
    case 'publish':
      return publishedAt && publishedAt > nowIso() ? `Scheduled for ${formatDateTime(publishedAt)}` : 'Published';
    case 'unpublish':
      return 'Unpublished';
  }
  if (!command.current) return 'Created';
  return command.current.status === 'draft' ? 'Saved draft' : 'Saved changes';
}

function auditActionOf(command: SaveCommand, step: WorkflowStep | null, article: Article): string {
  if (command.auditAction) return command.auditAction;
  if (step === 'publish' && article.publishedAt && article.publishedAt > nowIso()) return 'article.schedule';
  return step ? workflowSteps[step].audit : 'article.save';
}

/**
 * The one way articles are saved, from the API and the office alike: the policy check, the workflow
 * step, the revision (in the article's transaction), the audit log, and the readers' caches.
 */
export async function saveArticle(ctx: AppContext, request: { ip: string }, command: SaveCommand): Promise<SaveOutcome> {
  const step = authorizeSave(command);
  const { changes, current } = command;
  if (step === 'submit' || step === 'publish') {
    const missing = readyToLeaveDraft({ lead: changes.lead ?? current?.lead ?? '', body: changes.bodyMarkdown ?? current?.bodyMarkdown ?? '' });
    const [field, message] = Object.entries(missing)[0] ?? [];
    if (field) throw invalid(`${field}: ${message}`, field);
  }
  await assertReferences(ctx, changes);
  const input: Partial<ArticleInput> = {
    ...changes,
    ...(step && stepColumns(step, { note: command.reviewNote })),
    ...(step === 'unpublish' && changes.publishedAt === undefined && withdrawnSchedule(current)),
  };
  const expectedPublication = step === 'publish' ? (changes.publishedAt ?? command.current?.publishedAt ?? nowIso()) : null;
  const save = { userId: command.actor.userId, note: revisionNote(command, step, expectedPublication), autosave: command.autosave };
  // The permission and the step were judged on the article as read: the save applies only while it is
  // still so (status and blog), checked inside its transaction, so that a publish landing meanwhile
  // refuses an author's edit (409) instead of it changing the live article.
  const expect = current && { status: current.status, expertId: current.expertId, ...command.expect };
  const saved = current
    ? await saveArticleChanges(ctx.handle, current.id, input, save, expect)
    : await saveNewArticle(ctx.handle, { title: '', lead: '', bodyMarkdown: '', ...input, expertId: changes.expertId!, status: input.status ?? 'draft' }, save);
  if (!saved) throw notFound('There is no such article. It may have been deleted.');
  const action = auditActionOf(command, step, saved.article);
  // A folded autosave is the same revision, already in the log; drafts are never shown to readers.
  if (!saved.folded) await ctx.audit(command.actor, { action, subject: { kind: 'article', id: saved.article.id, label: saved.article.title }, detail: auditDetail(command, saved.revision, saved.article) }, request);
  if (!command.autosave) ctx.contentChanged();
  return { article: saved.article, revision: saved.revision, step, action };
}

function auditDetail(command: SaveCommand, revision: number, article: Article): string {
  const parts = [`revision ${revision}`];
  if (command.autosave) parts.push('autosave');
  if (command.reviewNote) parts.push(`note: ${command.reviewNote}`);
  if (article.status === 'published' && article.publishedAt) parts.push(`publication time ${article.publishedAt}`);
  return parts.join('; ');
}

/** Deletes an article if the person may; the audit log keeps its title. */
export async function deleteArticleAs(ctx: AppContext, request: { ip: string }, actor: Actor, article: Article): Promise<void> {
  if (!mayArticle(actor, 'delete', article)) throw forbidden('Authors may only delete the drafts of their own blog');
  // Only while it is as the permission saw it: a draft published meanwhile is not deleted by its author (409).
  await deleteArticle(ctx.handle, article.id, { status: article.status, expertId: article.expertId });
  await ctx.audit(actor, { action: 'article.delete', subject: { kind: 'article', id: article.id, label: article.title }, detail: `was ${article.status}` }, request);
  ctx.contentChanged();
}
