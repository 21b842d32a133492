import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { notFound } from '../core/refusals.ts';
import { sendCacheable } from '../http/pages.ts';
import { requestedEdition } from '../http/editions.ts';
import { slugCore } from '../db/slug.ts';
import { defaultLanguageOf, editionOf, type Editions } from '../views/i18n/languages.ts';
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

/**
 * The published article at an address, as articles find it (app.tsx passes theirs: citations sit below
 * articles), its `url` the article's own address in its edition (`/ru/blogs/…`).
 */
export type FindCitedArticle = (handle: Db, expertSlug: string, articleSlug: string, options: { editions: Editions }) => Promise<{ view: CitedArticle } | undefined>;

/**
 * The download's file name: the article's slug. A slug in another script (`подводные-течения`) cannot stand
 * in a header as it is: the plain name is its Latin transliteration, and `filename*` (RFC 6266) gives the
 * slug itself to the browsers that read it.
 */
export function attachmentDisposition(slug: string, extension: string): string {
  const plain = slugCore(slug) || 'reference';
  if (plain === slug) return `attachment; filename="${slug}.${extension}"`;
  const encoded = encodeURIComponent(`${slug}.${extension}`).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}.${extension}"; filename*=UTF-8''${encoded}`;
}

/**
 * The reference of each published article as a file: /blogs/:expert/:article/cite.bib, .ris and .json,
 * under the article's own address in every edition (`/ru/blogs/…/cite.bib`; the prefix is taken off before
 * routing). Asked for under another edition's address, the file answers 301 with the article's own, as
 * the article's page does: one address per file, and the reference names the address the article lives at.
 */
export async function citationRoutes(app: FastifyInstance, ctx: AppContext, findPublishedArticlePage: FindCitedArticle) {
  for (const format of citationFormats) {
    app.get<{ Params: { expert: string; article: string } }>(`/blogs/:expert/:article/cite.${format.extension}`, async (request, reply) => {
      const requested = requestedEdition(request);
      const site = await ctx.siteView(requested);
      const { editions } = site.locale;
      const found = await findPublishedArticlePage(ctx.handle, request.params.expert, request.params.article, { editions });
      if (!found) throw notFound('There is no such article');
      const edition = editionOf(editions, found.view.language);
      const articlePath = found.view.url;
      if (edition !== (requested ?? defaultLanguageOf(editions))) {
        const query = request.url.indexOf('?');
        return reply.redirect(`${articlePath}/cite.${format.extension}${query < 0 ? '' : request.url.slice(query)}`, 301);
      }
      const work = citableWork({ ...found.view, url: articlePath }, site);
      const headers = { 'content-disposition': attachmentDisposition(found.view.slug, format.extension) };
      return sendCacheable(request, reply, format.render(work), format.contentType, headers);
    });
  }
}
