import { isEditorial, type Actor } from '../http/auth.ts';
import type { ArticleStatus } from './tables.ts';

interface ArticleFacts {
  expertId: number;
  status: ArticleStatus;
  /** Whether the request features the article (or changes whether it is featured). */
  featured?: boolean;
  /** Whether the request attaches a poll to the article (or detaches one). */
  poll?: boolean;
}

const ownDraft = (actor: Actor, a: { expertId: number; status: ArticleStatus }) => actor.expertId === a.expertId && a.status === 'draft';

/**
 * Who may do what with an article, as one table. Editors and admins handle all content; an author
 * works on drafts of the expert they are linked to, cannot publish, feature or attach polls (polls are
 * the editors' to run).
 */
export const articlePolicy = {
  create: (actor: Actor, target: ArticleFacts) => isEditorial(actor) || (ownDraft(actor, target) && !target.featured && !target.poll),
  read: (actor: Actor, article: { expertId: number }) => isEditorial(actor) || actor.expertId === article.expertId,
  update: (actor: Actor, article: ArticleFacts, next: ArticleFacts) =>
    isEditorial(actor) || (ownDraft(actor, article) && ownDraft(actor, next) && next.featured === undefined && !next.poll),
  delete: (actor: Actor, article: ArticleFacts) => isEditorial(actor) || ownDraft(actor, article),
};
