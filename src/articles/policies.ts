import { isEditorial, type Actor } from '../core/actor.ts';
import type { ArticleStatus } from './tables.ts';

/** What a rule needs to know about an article: whose blog it is on and where it stands. */
export interface ArticleFacts {
  expertId: number;
  status: ArticleStatus;
}

type Rule = (actor: Actor, article: ArticleFacts) => boolean;

const editorial: Rule = (actor) => isEditorial(actor);
const ownExpert: Rule = (actor, article) => actor.expertId !== null && actor.expertId === article.expertId;
const ownDraft: Rule = (actor, article) => ownExpert(actor, article) && article.status === 'draft';
const either =
  (...rules: Rule[]): Rule =>
  (actor, article) =>
    rules.some((rule) => rule(actor, article));

/**
 * The role matrix for articles, one line per action. Editors and admins handle all content; an author
 * works on the drafts of the expert they are linked to (a new article is a draft until it moves on),
 * sends them to review, and cannot publish, feature or attach polls. Whether the article's status
 * allows a workflow step at all is the workflow's business (workflow.ts), not a permission.
 */
const articleRules = {
  read: either(editorial, ownExpert),
  create: either(editorial, ownDraft),
  edit: either(editorial, ownDraft),
  restore: either(editorial, ownDraft),
  delete: either(editorial, ownDraft),
  submit: either(editorial, ownDraft),
  return: editorial,
  publish: editorial,
  unpublish: editorial,
  /** Setting the publication time belongs with publishing. */
  schedule: editorial,
  feature: editorial,
  attachPoll: editorial,
} satisfies Record<string, Rule>;

export type ArticleAction = keyof typeof articleRules;

/** Whether the person may take this action on the article (for `create`: the new article's expert, status draft). */
export function mayArticle(actor: Actor, action: ArticleAction, article: ArticleFacts): boolean {
  return articleRules[action](actor, article);
}
