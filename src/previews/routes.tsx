import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { gone, notFound } from '../core/refusals.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { formatDateTime } from '../views/format.ts';
import { editionOf } from '../views/i18n/languages.ts';
import { getExpertById } from '../experts/store.ts';
import { getArticleById } from '../articles/store.ts';
import { isPublic } from '../articles/workflow.ts';
import { storedDraftView } from '../articles/preview-page.tsx';
import { renderArticlePageDocument } from '../articles/page-document.tsx';
import { findPreviewLinkByToken, linkState } from './store.ts';
import { PreviewBanner } from './views.tsx';

/**
 * What a secret link's page (and its refusals) carries besides the site's headers: the token is in the
 * address, so no referrer leaves with it; no cache, shared or private, keeps the draft; search engines
 * are told to stay away; and the page is sandboxed, so its forms (a poll's vote, the search box) and
 * scripts do nothing: reading a preview changes nothing anywhere.
 */
export const previewHeaders: Record<string, string> = {
  ...securityHeaders,
  'content-security-policy': `${securityHeaders['content-security-policy']}; sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation`,
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'cache-control': 'no-store',
};

/** `GET /preview/<token>`: the article as it will look, with what was last saved, for whoever holds the link. */
export async function previewRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  app.get<{ Params: { token: string } }>('/preview/:token', async (request, reply) => {
    // Set first, so that the refusals below go out with them too.
    request.securityHeaders = previewHeaders;
    reply.headers(previewHeaders);
    const link = await findPreviewLinkByToken(handle, request.params.token);
    const site = await ctx.siteView();
    if (!link) throw notFound('There is no preview at this address. Check that the whole link was copied, or ask the person who sent it for a new one.');
    const state = linkState(link);
    if (state === 'expired') throw gone(`This preview link expired on ${formatDateTime(link.expiresAt, site.locale.timeZone)}. Ask the person who sent it for a new one.`);
    if (state === 'revoked') throw gone('This preview link was withdrawn by the people working on the article. Ask them for a new one if you still need it.');
    const article = await getArticleById(handle, link.articleId);
    const expert = article && (await getExpertById(handle, article.expertId));
    if (!article || !expert) throw notFound('There is no preview at this address: the article is gone.');
    const { editions } = site.locale;
    const edition = await ctx.siteView(editionOf(editions, article.language));
    const view = await storedDraftView(handle, article, expert, { editions, generation: request.cacheGeneration });
    const banner = <PreviewBanner published={isPublic(article)} expiresAt={link.expiresAt} zone={edition.locale.timeZone} />;
    const page = await renderArticlePageDocument(handle, request, edition, expert, view, { preview: { banner }, withoutScripts: true });
    return reply.status(200).type('text/html; charset=utf-8').send(page.html);
  });
}
