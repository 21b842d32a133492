import { isEditorial, type Actor } from '../core/actor.ts';
import { anyoneSignedIn, editorsAndAdmins, permits, type Permission, type PolicyTable } from '../core/policy.ts';
import type { ArticleStatus } from './tables.ts';

/** What a rule needs to know about an article: whose blog it is on and where it stands. */
export interface ArticleFacts {
  expertId: number;
  status: ArticleStatus;
  /** Its co-authors, whose accounts work on it as its lead's does; unknown (none) when not given. */
  coauthorIds?: readonly number[];
}

type Rule = (actor: Actor, article: ArticleFacts) => boolean;

const editorial: Rule = (actor) => isEditorial(actor);
const ownExpert: Rule = (actor, article) => actor.expertId !== null && (actor.expertId === article.expertId || (article.coauthorIds?.includes(actor.expertId) ?? false));
const ownDraft: Rule = (actor, article) => ownExpert(actor, article) && article.status === 'draft';
/** Deleting is the lead's: a co-author cannot make a shared draft disappear. */
const leadDraft: Rule = (actor, article) => actor.expertId !== null && actor.expertId === article.expertId && article.status === 'draft';
const either =
  (...rules: Rule[]): Rule =>
  (actor, article) =>
    rules.some((rule) => rule(actor, article));

const onArticle = (allow: Rule, refusal: string): Permission<ArticleFacts> => ({ allow, refusal });

/**
 * The role matrix for articles, one line per action. Editors and admins handle all content; an author
 * works on the drafts of the expert they are linked to, as lead or co-author (a new article is a draft until it moves on),
 * sends them to review, and cannot publish, feature or attach polls. Whether the article's status
 * allows a workflow step at all is the workflow's business (workflow.ts), not a permission.
 */
export const articlePermissions = {
  /** Opening the office's articles section: authors see their own blog's there. */
  list: { allow: anyoneSignedIn, refusal: 'You are not allowed to see the articles' },
  /** Starting a new article at all: there must be a blog this person may write for. */
  write: {
    allow: (actor: Actor) => isEditorial(actor) || actor.expertId !== null,
    refusal: 'Your account is not linked to an expert, so there is no blog to write for. Ask an administrator to link it.',
  },
  /** Seeing every blog's articles in the office, not only one's own blog's. */
  readAll: { allow: editorsAndAdmins, refusal: 'Authors see only the articles of their own blog' },
  read: onArticle(either(editorial, ownExpert), 'Authors may only open the articles of their own blog'),
  create: onArticle(either(editorial, ownDraft), 'Authors write drafts for their own blog only'),
  edit: onArticle(either(editorial, ownDraft), 'Authors may change an article only while it is a draft of their own blog'),
  restore: onArticle(either(editorial, ownDraft), 'Authors may restore revisions of their own drafts only'),
  delete: onArticle(either(editorial, leadDraft), 'Authors may only delete the drafts of their own blog, not those they co-write'),
  submit: onArticle(either(editorial, ownDraft), 'Authors submit only the drafts of their own blog'),
  /** Who is named on it: the lead's say (on their draft), or an editor's. */
  byline: onArticle(either(editorial, leadDraft), 'Only the lead author or an editor changes who is named on an article'),
  return: onArticle(editorial, 'Only editors return articles to their authors'),
  publish: onArticle(editorial, 'Only editors return, publish and unpublish articles'),
  unpublish: onArticle(editorial, 'Only editors take articles off the site'),
  /** Setting the publication time belongs with publishing. */
  schedule: onArticle(editorial, 'Only editors set the publication time'),
  feature: onArticle(editorial, 'Only editors feature articles'),
  attachPoll: onArticle(editorial, 'Only editors attach polls to articles'),
} satisfies PolicyTable;

/** The actions on one article (the role matrix's rows): those whose rule needs the article's facts. */
export type ArticleAction = Exclude<keyof typeof articlePermissions, 'list' | 'write' | 'readAll'>;

/** Whether the person may take this action on the article (for `create`: the new article's expert, status draft). */
export function mayArticle(actor: Actor, action: ArticleAction, article: ArticleFacts): boolean {
  return permits(articlePermissions, actor, action, article);
}
