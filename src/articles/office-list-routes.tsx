import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { permits } from '../core/policy.ts';
import { HttpError } from '../http/errors.ts';
import { decodeCursor } from '../http/cursor.ts';
import { noticeFrom, officeActor } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { lookupPageSize, readLookupQuery, type LookupAnswer } from '../office/lookup.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { localDate } from '../views/time-zone.ts';
import { ArticleListPage } from './office-list-views.tsx';
import { listArchivePage, listQueryString, searchRemarks, readListForm, scopeOf, type ListDates, type ListFilters } from './office-list.ts';
import { articlePermissions } from './policies.ts';
import { shownStatus, shownStatusLabels, type ShownStatus } from './workflow.ts';

/**
 * The office's article list (GET /admin/articles) and the articles' lookup for pickers (GET /admin/articles/lookup),
 * both answered by listArchivePage: the same filters, scope and cursor.
 */
export async function articleListRoutes(app: FastifyInstance, ctx: AppContext, notices: Record<string, string>): Promise<void> {
  const { handle } = ctx;

  app.get('/admin/articles', async (request, reply) => {
    const actor = officeActor(request);
    const site = await ctx.siteView();
    const form = await readListForm(handle, request.query, site.locale.timeZone);
    const scope = scopeOf(actor);
    const page = await listArchivePage(handle, scope, form.filters);
    const experts = await getExpertsByIds(handle, [...new Set(page.items.map((a) => a.expertId))]);
    const remarks = [...(page.nothingToSearch ? [searchRemarks.nothingToSearch(form.values.q)] : []), ...(page.capped ? [searchRemarks.capped] : [])];
    const problems = form.problems;
    return sendOfficePage(
      reply,
      <ArticleListPage
        site={site}
        actor={actor}
        items={page.items.map((article) => ({ article, expertName: experts.get(article.expertId)?.name ?? '' }))}
        values={form.values}
        expertLabel={form.filters.expert?.name}
        tagLabel={form.filters.tag?.name}
        everyExpert={'all' in scope}
        problems={problems}
        ambiguities={form.ambiguities}
        remarks={remarks}
        olderHref={page.next ? `/admin/articles${listQueryString(form.values, { cursor: page.next })}` : undefined}
        notice={noticeFrom(request, notices)}
        canCreate={permits(articlePermissions, actor, 'write')}
        intro={'none' in scope ? <p class="office-panel">Your account is not linked to an expert yet, so you have no blog to write for. Ask an administrator to link it.</p> : undefined}
      />,
      // A list with a bad filter is still shown (without that filter), but the address was not a good one.
      Object.keys(problems).length > 0 ? 400 : 200,
    );
  });

  /**
   * Articles for the office's pickers: `?q=` words (as the list's search reads them), `status=` one of the list's
   * statuses (the portals' picker asks for published ones), `cursor=` the next page. Only what the person may open:
   * an author's lookup holds their own blog's articles.
   */
  app.get('/admin/articles/lookup', async (request, reply) => {
    const actor = officeActor(request);
    const { q, cursor } = readLookupQuery(request.query);
    const status = (request.query as { status?: unknown } | undefined)?.status;
    if (status !== undefined && (typeof status !== 'string' || !(status in shownStatusLabels))) {
      throw new HttpError(400, 'invalid', `status must be one of: ${Object.keys(shownStatusLabels).join(', ')}`, 'status');
    }
    // Published articles are looked for by their publication date, newest first; the rest by their last change.
    const dates: ListDates = status === 'published' || status === 'scheduled' ? 'published' : 'updated';
    const filters: ListFilters = { dates, ...(q && { text: q }), ...(status && { shown: status as ShownStatus }), cursor: decodeCursor(cursor) };
    const [page, site] = await Promise.all([listArchivePage(handle, scopeOf(actor), filters, lookupPageSize), ctx.siteView()]);
    const experts = await getExpertsByIds(handle, [...new Set(page.items.map((a) => a.expertId))]);
    const answer: LookupAnswer = {
      items: page.items.map((a) => ({
        id: String(a.id),
        label: a.title || 'Untitled article',
        hint: [experts.get(a.expertId)?.name ?? '', shownStatusLabels[shownStatus(a)], localDate(dates === 'published' ? a.publishedAt! : a.updatedAt, site.locale.timeZone)]
          .filter(Boolean)
          .join(' · '),
      })),
      next_cursor: page.next ?? null,
    };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
