import type { Db } from '../schema.ts';
import type { Actor } from '../core/actor.ts';
import { nowIso } from '../db/time.ts';
import { articleWorkflowStepped, type Article, type ArticleWorkflowEvent } from '../articles/store.ts';
import { isPublic } from '../articles/workflow.ts';
import type { User } from '../users/store.ts';
import { authorUsers, editorUsers } from './recipients.ts';
import { getNoticeSettings, hasNoticeSince, recordNotice, withdrawComingNotices } from './store.ts';
import type { NoticeKind } from './tables.ts';

/**
 * Who is told what when an article moves (README, Notifications). Runs inside the command's transaction
 * (articleWorkflowStepped), so a notice and its mail exist exactly when the change does:
 *
 * - submitted for review: the editors and administrators;
 * - returned with a note, published, scheduled, taken off the site: the article's authors;
 * - a scheduled article going live: its authors, at that moment (a notice dated then, withdrawn if the plan changes);
 * - a live article's text changed by someone else (an editor's correction): its authors, one mail per
 *   quarter of an hour at most, so an editor saving ten times sends one.
 *
 * Nobody is told of what they did themselves. Disabled accounts are told nothing.
 */
export function tellPeopleAboutArticles(): void {
  articleWorkflowStepped.observe(tellAboutStep);
}

/** An edit notice's mail waits this long, so that a run of saves makes one mail. */
export const editMailDelayMs = 15 * 60_000;

const actorName = (actor: Actor) => (actor.kind === 'system' ? '' : actor.name || actor.email);

const textChanged = (before: Article, after: Article) => before.title !== after.title || before.lead !== after.lead || before.bodyMarkdown !== after.bodyMarkdown;

async function tellAboutStep(tx: Db, event: ArticleWorkflowEvent): Promise<void> {
  const { article, before, step, actor } = event;
  const now = nowIso();
  const scheduledFor = article.status === 'published' && article.publishedAt !== null && article.publishedAt > now ? article.publishedAt : null;
  const planChanged = step !== null || before?.publishedAt !== article.publishedAt;
  // A plan that changes (unpublished, published at once, moved to another time) withdraws the "went live" still to come.
  if (planChanged) await withdrawComingNotices(tx, article.id, 'went_live');

  const tell = async (people: User[], kind: NoticeKind, options: { visibleAt?: string; note?: string; mailDelayMs?: number; includeActor?: boolean } = {}) => {
    for (const person of people) {
      if (!options.includeActor && person.id === actor.userId) continue;
      const { emailOn } = await getNoticeSettings(tx, person.id);
      await recordNotice(tx, {
        userId: person.id,
        articleId: article.id,
        kind,
        articleTitle: article.title,
        actorName: actorName(actor),
        note: options.note,
        visibleAt: options.visibleAt,
        mail: emailOn,
        mailNotBefore: options.mailDelayMs ? new Date(Date.now() + options.mailDelayMs).toISOString() : undefined,
      });
    }
  };

  switch (step) {
    case 'submit':
      return tell(await editorUsers(tx), 'submitted');
    case 'return':
      return tell(await authorUsers(tx, article.id), 'returned', { note: event.reviewNote ?? article.reviewNote ?? '' });
    case 'unpublish':
      return tell(await authorUsers(tx, article.id), 'unpublished');
    case 'publish': {
      const authors = await authorUsers(tx, article.id);
      if (!scheduledFor) return tell(authors, 'published');
      await tell(authors, 'scheduled');
      // Going live is the clock's doing: everyone who wrote it hears, whoever scheduled it.
      return tell(authors, 'went_live', { visibleAt: scheduledFor, includeActor: true });
    }
    case null: {
      const authors = await authorUsers(tx, article.id);
      if (scheduledFor && planChanged) await tell(authors, 'went_live', { visibleAt: scheduledFor, includeActor: true });
      if (!before || !isPublic(before, now) || !textChanged(before, article)) return;
      // An author's own edit of a live piece tells nobody; an editor's tells the authors, once a while.
      if (authors.some((a) => a.id === actor.userId)) return;
      const since = new Date(Date.now() - editMailDelayMs).toISOString();
      const due: User[] = [];
      for (const author of authors) if (!(await hasNoticeSince(tx, author.id, article.id, 'edited', since))) due.push(author);
      return tell(due, 'edited', { mailDelayMs: editMailDelayMs });
    }
  }
}
