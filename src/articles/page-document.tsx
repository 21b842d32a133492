import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Db } from '../schema.ts';
import type { Expert } from '../experts/store.ts';
import type { SendHtmlOptions } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import type { SiteView } from '../views/site.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import { pollSlot } from '../polls/slot.tsx';
import { glossaryMatcher } from '../glossary/marking.ts';
import { presentArticles, presentTranslations, type ArticlePageView } from './present.ts';
import { readableBody } from './reading.ts';
import { relatedArticles, relatedLimit } from './related.ts';
import { listPublishedArticles } from './store.ts';
import { ArticlePage } from './views.tsx';

/** Articles under "More from <Expert>'s Blog", besides those already related. */
const moreLimit = 3;

export interface ArticlePageDocument {
  html: string;
  /** How the page may be cached (the poll part decides): the reading route passes it to sendHtml. */
  cache: SendHtmlOptions;
}

/**
 * The reading page of an article, as a whole document: the body with its reading aids and glossary
 * marks (made at read time, so a glossary edit reaches every article), related and more articles, the
 * poll part and the versions in other languages. The public route and the previews of a draft (the
 * editor's and a secret link's) all draw it here, so a preview is the page, not a likeness of it.
 */
export async function renderArticlePageDocument(
  handle: Db,
  request: FastifyRequest,
  site: SiteView,
  expert: Expert,
  view: ArticlePageView,
  options: { preview?: { banner: ComponentChildren }; withoutScripts?: boolean } = {},
): Promise<ArticlePageDocument> {
  const generation = request.cacheGeneration;
  const edition = editionFilter(site.locale.editions, site.locale.language);
  const sameExpert = await listPublishedArticles(handle, { expertId: expert.id, excludeId: view.id, limit: moreLimit + relatedLimit, edition });
  const related = await relatedArticles(handle, view, sameExpert, { generation, edition });
  const relatedIds = new Set(related.map((a) => a.id));
  const cards = await presentArticles(handle, [...related, ...sameExpert.filter((a) => !relatedIds.has(a.id)).slice(0, moreLimit)], {
    knownExperts: [expert],
    maxImageWidth: 1200,
    generation,
    editions: site.locale.editions,
  });
  const [polls, glossary, translations] = await Promise.all([
    pollSlot(handle, request, 'article-poll', view.pollId),
    glossaryMatcher(handle, generation, view.language),
    presentTranslations(handle, view, site.locale.editions, generation),
  ]);
  const page = (
    <ArticlePage
      site={site}
      article={view}
      body={readableBody(view.bodyHtml, glossary)}
      related={cards.slice(0, related.length)}
      more={cards.slice(related.length)}
      polls={polls.nodes}
      translations={translations}
      preview={options.preview}
    />
  );
  const html = renderDocument(page, site.locale);
  // A preview is shown sandboxed, where scripts may not run: without the page's one script tag (the layout's
  // module; JSON-LD is data, not script), the browser has nothing to refuse and nothing to report.
  return { html: options.withoutScripts ? html.replace(/<script type="module"[^>]*><\/script>/g, '') : html, cache: polls.cache };
}
