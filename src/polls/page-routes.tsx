import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { decodeCursor } from '../http/cursor.ts';
import { requestedEdition } from '../http/editions.ts';
import { keysetPage } from '../core/cursor.ts';
import { parseInput } from '../core/refusals.ts';
import { sendHtml } from '../http/pages.ts';
import { frameableHeaders } from '../http/security-headers.ts';
import { FramedLayout, Layout } from '../views/layout.tsx';
import { renderDocument } from '../views/render.ts';
import { editionFilter, editionPrefix } from '../views/i18n/languages.ts';
import type { SiteView } from '../views/site.ts';
import { loadPollEvidence, PollEvidence } from './evidence.tsx';
import { EmbedCode, PollArchiveBody, PollEmbedBody } from './page-views.tsx';
import { conductedResults, findPublicPoll, pollEdition, pollPath, pollResults, resultsVisible } from './present.ts';
import { askedPollBlock, noticeFromQuery, pollPageCache, readerView } from './slot.tsx';
import { closedAtOf, countVotes, effectiveStatus, listConductedPolls, listOpenPolls, nextPollChange, type Poll } from './store.ts';
import { PollPageBody } from './views.tsx';

const archivePageSize = 10;
const archiveQuery = z.object({ cursor: z.string().max(300).optional() });
/** How long a cached embed may show results: other sites' readers see them at most this old. */
const embedMaxAgeMs = 5_000;

/** The query part of an address, "?…", or nothing. */
const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

/**
 * Whether the poll was asked for by its id as the site writes it: `/polls/012` or `/polls/%2012` find
 * poll 12 too, and are sent to its one address rather than each kept in the page cache.
 */
function isCanonicalPollPath(request: FastifyRequest, id: number): boolean {
  return (request.params as { id?: unknown }).id === String(id);
}

/**
 * Where a poll's page (or embed) is, when the address asked for is not it: a poll is read in its own
 * language's edition (`/ru/polls/12` for a Russian poll), at its id as the site writes it.
 */
function movedPollAddress(request: FastifyRequest, site: SiteView, poll: Poll, suffix = ''): string | undefined {
  const { editions, language } = site.locale;
  const own = pollEdition(editions, poll);
  if (own === language && isCanonicalPollPath(request, poll.id)) return undefined;
  return pollPath(poll.id, editionPrefix(editions, own)) + suffix + queryOf(request.url);
}

/** The polls' public pages: the archive, each poll's own page, and its embed for other sites; each in its edition. */
export async function pollPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  app.get('/polls', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(archiveQuery, request.query);
    const cursor = decodeCursor(rawCursor);
    const site = await ctx.siteView(requestedEdition(request));
    const { locale } = site;
    // The edition's own polls; the default edition also shows those in languages without an edition.
    const edition = editionFilter(locale.editions, locale.language);
    const rows = await listConductedPolls(handle, { limit: archivePageSize + 1, cursor, edition });
    // The cursor's key must be the archive's sort key (see listConductedPolls), not the date shown.
    const page = keysetPage(rows, archivePageSize, (p) => p.closesAt ?? p.updatedAt);
    const olderHref = page.next && locale.path(`/polls?cursor=${page.next}`);
    const cache = pollPageCache(await nextPollChange(handle));
    const asking = cursor ? [] : await listOpenPolls(handle, undefined, edition);
    const asked = await Promise.all(asking.map((poll) => askedPollBlock(handle, request, poll, `polls-open-${poll.id}`, cache)));
    const conducted = await Promise.all(page.items.map((poll) => conductedResults(handle, poll)));
    const alternates = Object.fromEntries(locale.editions.languages.map((language) => [language, locale.pathIn(language, '/polls')]));
    const html = renderDocument(
      <Layout site={site} title={locale.t('polls.title')} canonicalPath={locale.path('/polls')} alternates={alternates}>
        <PollArchiveBody asked={asked} conducted={conducted} olderHref={olderHref} isFirstPage={!cursor} />
      </Layout>,
      locale,
    );
    return sendHtml(request, reply, html, { ...cache, nextPage: olderHref });
  });

  app.get('/polls/:id', async (request, reply) => {
    const poll = await findPublicPoll(handle, request.params);
    const site = await ctx.siteView(requestedEdition(request));
    const moved = movedPollAddress(request, site, poll);
    if (moved) return reply.redirect(moved, 301);
    const { locale } = site;
    const [{ voted, showResults, results }, change] = await Promise.all([readerView(handle, poll, request), nextPollChange(handle)]);
    const evidence = showResults ? await loadPollEvidence(handle, poll) : undefined;
    const notice = noticeFromQuery(request, poll.id, voted);
    const dates = { opens: poll.opensAt ?? poll.createdAt, closes: poll.closesAt ?? undefined };
    const ownPath = locale.path(pollPath(poll.id));
    const html = renderDocument(
      <Layout site={site} title={poll.question} canonicalPath={ownPath} alternates={{ [locale.language]: ownPath }}>
        <PollPageBody results={results} showForm={!voted} showResults={showResults} notice={notice} dates={dates} />
        {evidence && <PollEvidence results={results} daily={evidence.daily} exportsBase={evidence.exportsBase} />}
        <EmbedCode embedUrl={`${site.publicUrl}${ownPath}/embed`} question={poll.question} />
      </Layout>,
      locale,
    );
    // Kept for readers who have not voted: the form of an open poll, which no vote changes, or a closed
    // poll's results, which none can. A reader who has voted passes the cache by (the poll's mark).
    const cache = { ...pollPageCache(change), marks: [`poll:${poll.id}`], cacheable: !voted };
    return sendHtml(request, reply, html, cache);
  });

  app.get('/polls/:id/embed', async (request, reply) => {
    // Set first, so that a "no such poll" page can be shown in the other site's frame too.
    request.securityHeaders = frameableHeaders;
    const poll = await findPublicPoll(handle, request.params);
    const site = await ctx.siteView(requestedEdition(request));
    const moved = movedPollAddress(request, site, poll, '/embed');
    if (moved) return reply.redirect(moved, 301);
    const { locale } = site;
    // Other sites' readers carry no cookie of ours here, so every one of them sees the same page.
    const showResults = resultsVisible(poll, false);
    const results = pollResults(poll, showResults ? await countVotes(handle, poll.id) : { voters: 0, byOption: new Map() });
    const closedAt = effectiveStatus(poll) === 'closed' ? closedAtOf(poll) : undefined;
    const ownPath = locale.path(pollPath(poll.id));
    const html = renderDocument(
      <FramedLayout site={site} title={poll.question} canonicalPath={ownPath}>
        <PollEmbedBody results={results} showResults={showResults} siteName={site.name} pollUrl={site.publicUrl + ownPath} closedAt={closedAt} />
      </FramedLayout>,
      locale,
    );
    const { expiresAt = Infinity } = pollPageCache(await nextPollChange(handle));
    return sendHtml(request, reply, html, { frameable: true, expiresAt: Math.min(Date.now() + embedMaxAgeMs, expiresAt) });
  });
}
