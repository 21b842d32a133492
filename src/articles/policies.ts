import type { Actor } from '../http/auth.ts';
import type { ArticleStatus } from './tables.ts';

/**
 * Who may do what with an article, as one table. Editors and admins handle all content;
 * an author works on drafts of the expert they are linked to and cannot publish.
 */
export const articlePolicy = {
  create: (actor: Actor, target: { expertId: number; status: ArticleStatus }) =>
    actor.role !== 'author' || (actor.expertId === target.expertId && target.status === 'draft'),
  read: (actor: Actor, article: { expertId: number }) => actor.role !== 'author' || actor.expertId === article.expertId,
  update: (actor: Actor, article: { expertId: number; status: ArticleStatus }, next: { expertId: number; status: ArticleStatus }) =>
    actor.role !== 'author' ||
    (actor.expertId === article.expertId && article.status === 'draft' && next.expertId === article.expertId && next.status === 'draft'),
  delete: (actor: Actor, article: { expertId: number; status: ArticleStatus }) =>
    actor.role !== 'author' || (actor.expertId === article.expertId && article.status === 'draft'),
};
