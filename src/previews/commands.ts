import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { conflict, notFound, parseInput } from '../core/refusals.ts';
import { trimmed, textField } from '../http/schemas.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { Article } from '../articles/store.ts';
import { previewPermissions } from './policies.ts';
import { countActivePreviewLinks, getPreviewLink, insertPreviewLink, newPreviewToken, revokePreviewLinkRow, type PreviewLink } from './store.ts';

/** How long a link may work, in days: the choices the office offers, and the only ones taken. */
export const previewLinkDays = [1, 7, 30] as const;

/** More live links than anyone shares a draft with; past it, old ones must be withdrawn first. */
export const maxActiveLinksPerArticle = 20;

export const newPreviewLinkInput = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => (previewLinkDays as readonly number[]).includes(d), `must be one of ${previewLinkDays.join(', ')} days`),
  label: trimmed(textField(100)).default(''),
});

const subjectOf = (article: Pick<Article, 'id' | 'title'>) => ({ kind: 'article', id: article.id, label: article.title });

export interface NewPreviewLink {
  link: PreviewLink;
  /** The secret, shown this once: only its hash is stored. */
  token: string;
}

/** Makes a secret link that shows the article as it will read, until it expires or is withdrawn. */
export async function createPreviewLink(ctx: CommandContext, actor: Actor, article: Article, input: unknown, now = new Date()): Promise<NewPreviewLink> {
  requirePermission(previewPermissions, actor, 'share', article);
  const { days, label } = parseInput(newPreviewLinkInput, input);
  if ((await countActivePreviewLinks(ctx.handle, article.id, now)) >= maxActiveLinksPerArticle) {
    throw conflict(`This article has ${maxActiveLinksPerArticle} working links already; withdraw one before making another`, 'days');
  }
  const { token, tokenHash } = newPreviewToken();
  const expiresAt = new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString();
  return commit(ctx, actor, async (tx) => {
    const link = await insertPreviewLink(tx, { articleId: article.id, tokenHash, label, createdBy: actor.userId, createdAt: now.toISOString(), expiresAt });
    return {
      result: { link, token },
      audit: { action: 'preview.share', subject: subjectOf(article), detail: `link ${link.id}${label ? ` (${label})` : ''}, for ${days} ${days === 1 ? 'day' : 'days'}` },
      // Readers' pages do not change: the link's page is never cached.
      announce: false,
    };
  });
}

/** Withdraws a link at once: its page then says so. */
export async function revokePreviewLink(ctx: CommandContext, actor: Actor, article: Article, linkId: number): Promise<void> {
  requirePermission(previewPermissions, actor, 'revoke', article);
  const link = await getPreviewLink(ctx.handle, linkId);
  // Another article's link is not found from this one, so its id tells nothing.
  const missing = notFound('There is no such link on this article; it may have been withdrawn already');
  if (!link || link.articleId !== article.id || link.revokedAt) throw missing;
  await commit(ctx, actor, async (tx) => {
    if (!(await revokePreviewLinkRow(tx, link.id, new Date().toISOString()))) throw missing;
    return { result: undefined, audit: { action: 'preview.revoke', subject: subjectOf(article), detail: `link ${link.id}${link.label ? ` (${link.label})` : ''}` }, announce: false };
  });
}
