import type { Actor } from '../core/actor.ts';
import type { PolicyTable } from '../core/policy.ts';
import { mayArticle, type ArticleFacts } from '../articles/policies.ts';

/**
 * Secret preview links, one line per action. Whoever may open the article in the office (its blog's
 * author, the editors) may share it for comment and withdraw what was shared: a link shows no more
 * than that person can already see.
 */
export const previewPermissions = {
  share: { allow: (actor: Actor, article: ArticleFacts) => mayArticle(actor, 'read', article), refusal: 'You may share only the articles you can open yourself' },
  revoke: { allow: (actor: Actor, article: ArticleFacts) => mayArticle(actor, 'read', article), refusal: 'You may withdraw only the links of articles you can open yourself' },
} satisfies PolicyTable;
