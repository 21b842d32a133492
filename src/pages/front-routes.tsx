import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { getFeaturedArticle, listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { presentExperts } from '../experts/present.ts';
import { pollSlot } from '../polls/slot.tsx';
import { serveRedirect } from '../redirects/routes.ts';
import { HomePage } from './front-views.tsx';
import { requestedEdition } from '../http/editions.ts';
import { editionFilter } from '../views/i18n/languages.ts';

const homeExpertCount = 6;

/** The front page: the featured and latest analysis, the experts who wrote it, and the readers' poll. */
export async function frontPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/', async (request, reply) => {
    // An old site's links to its front page with a query (WordPress's /?p=123) lead to the page that took its place.
    if (request.url.includes('?') && (await serveRedirect(request, reply, ctx))) return reply;
    const site = await ctx.siteView(requestedEdition(request));
    const { editions, language } = site.locale;
    const edition = editionFilter(editions, language);
    const featuredRow = await getFeaturedArticle(ctx.handle, edition);
    const latestRows = await listPublishedArticles(ctx.handle, { limit: 9, excludeId: featuredRow?.id, edition });
    const cards = await presentArticles(ctx.handle, featuredRow ? [featuredRow, ...latestRows] : latestRows, { maxImageWidth: 1200, editions });
    const featured = featuredRow ? cards.shift() : undefined;
    // The front page names the experts who published most recently; /blogs lists them all.
    const recentExpertIds = [...new Set([featuredRow, ...latestRows].flatMap((a) => (a ? [a.expertId] : [])))].slice(0, homeExpertCount);
    const experts = await getExpertsByIds(ctx.handle, recentExpertIds);
    const expertViews = await presentExperts(
      ctx.handle,
      recentExpertIds.flatMap((id) => experts.get(id) ?? []),
      site.locale,
    );
    const polls = await pollSlot(ctx.handle, request, 'home-poll');
    const html = renderDocument(<HomePage site={site} featured={featured} latest={cards} experts={expertViews} polls={polls.nodes} />, site.locale);
    return sendHtml(request, reply, html, polls.cache);
  });
}
