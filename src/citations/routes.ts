import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { notFound } from '../core/refusals.ts';
import { sendCacheable } from '../http/pages.ts';
import { bibtexEntry } from './bibtex.ts';
import { risRecord } from './ris.ts';
import { cslItems } from './csl-json.ts';
import { citableWork, type CitableWork, type CitedArticle } from './work.ts';

interface CitationFormat {
  extension: string;
  contentType: string;
  render: (work: CitableWork) => string;
}

const citationFormats: CitationFormat[] = [
  { extension: 'bib', contentType: 'application/x-bibtex; charset=utf-8', render: bibtexEntry },
  { extension: 'ris', contentType: 'application/x-research-info-systems; charset=utf-8', render: risRecord },
  { extension: 'json', contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8', render: (work) => `${JSON.stringify(cslItems(work), null, 2)}\n` },
];

/** The published article at an address, as articles find it (app.tsx passes theirs: citations sit below articles). */
export type FindCitedArticle = (handle: Db, expertSlug: string, articleSlug: string) => Promise<{ view: CitedArticle } | undefined>;

/** The reference of each published article as a file: /blogs/:expert/:article/cite.bib, .ris and .json. */
export async function citationRoutes(app: FastifyInstance, ctx: AppContext, findPublishedArticlePage: FindCitedArticle) {
  for (const format of citationFormats) {
    app.get<{ Params: { expert: string; article: string } }>(`/blogs/:expert/:article/cite.${format.extension}`, async (request, reply) => {
      const found = await findPublishedArticlePage(ctx.handle, request.params.expert, request.params.article);
      if (!found) throw notFound('There is no such article');
      const work = citableWork(found.view, await ctx.siteView());
      const headers = { 'content-disposition': `attachment; filename="${found.view.slug}.${format.extension}"` };
      return sendCacheable(request, reply, format.render(work), format.contentType, headers);
    });
  }
}
