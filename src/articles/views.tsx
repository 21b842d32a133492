import type { ComponentChildren } from 'preact';
import { AudienceLinks, Layout } from '../views/layout.tsx';
import { Credit, Picture } from '../views/picture.tsx';
import { ShareBlock } from '../views/share.tsx';
import type { SiteView } from '../views/site.ts';
import { useLocale } from '../views/i18n/locale.ts';
import { ArticleCardList, PublishedDate } from '../views/article-cards.tsx';
import type { ArticleCard, ArticlePageView, ArticleTranslation } from './present.ts';
import { blogTitle } from '../experts/present.ts';
import { AuthorLinks, authorNames } from '../views/author-list.tsx';
import { ArticleMetadata } from './metadata.tsx';
import { expertFeedBase, FeedLinks } from '../views/feed-links.tsx';
import { CiteBlock, SuggestedCitation } from '../citations/views.tsx';
import { citableWork } from '../citations/work.ts';
import { tableOfContents, type BodyHeading, type ReadableBody } from './reading.ts';
import { placePathOfTag } from '../places/tags.ts';

/** "In this article": the headings of a long article, h3 nested under their h2. */
function TableOfContents(props: { entries: BodyHeading[] }) {
  const { t } = useLocale();
  const sections: Array<{ heading: BodyHeading; children: BodyHeading[] }> = [];
  for (const h of props.entries) {
    const parent = sections[sections.length - 1];
    if (h.level === 3 && parent) parent.children.push(h);
    else sections.push({ heading: h, children: [] });
  }
  return (
    <nav class="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">{t('article.toc')}</h2>
      <ol>
        {sections.map((s) => (
          <li>
            <a href={`#${s.heading.id}`}>{s.heading.text}</a>
            {s.children.length > 0 && (
              <ol>
                {s.children.map((c) => (
                  <li>
                    <a href={`#${c.id}`}>{c.text}</a>
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The body, with the table of contents before it when the article is long enough to need one. */
function ArticleText(props: { body: ReadableBody }) {
  const entries = tableOfContents(props.body.headings);
  const body = <div class="article-body" dangerouslySetInnerHTML={{ __html: props.body.html }} />;
  if (entries.length === 0) return body;
  return (
    <div class="article-text">
      <TableOfContents entries={entries} />
      {body}
    </div>
  );
}

const ReadingTime = (props: { body: ReadableBody }) => <span class="reading-time">{useLocale().t('article.readingTime', { minutes: props.body.readingMinutes })}</span>;

function AudienceNav() {
  return (
    <nav class="audience-nav" aria-label={useLocale().t('portal.nav')}>
      <ul>
        <AudienceLinks />
      </ul>
    </nav>
  );
}

/** "Also in: Русский": the article's published versions in the site's other editions, each in its own language. */
function TranslationLinks(props: { translations: ArticleTranslation[] }) {
  const { t } = useLocale();
  if (props.translations.length === 0) return null;
  return (
    <p class="article-translations">
      {t('article.translations')}:{' '}
      {props.translations.map((translation, i) => (
        <>
          {i > 0 && ' · '}
          <a href={translation.url} hreflang={translation.language} lang={translation.language} rel="alternate">
            {translation.languageName}
          </a>
        </>
      ))}
    </p>
  );
}

/** The reference page (DESIGN.md §1), element by element in its reading order. */
export function ArticlePage(props: {
  site: SiteView;
  article: ArticlePageView;
  body: ReadableBody;
  related: ArticleCard[];
  more: ArticleCard[];
  polls: ComponentChildren;
  translations?: ArticleTranslation[];
  /** A preview of an unpublished version (src/previews): kept out of search engines, with a banner above the article. */
  preview?: { banner: ComponentChildren };
}) {
  const { site, article } = props;
  const { t, rich } = site.locale;
  const canonical = site.publicUrl + article.url;
  const translations = props.translations ?? [];
  const blog = blogTitle(article.expert.name, site.locale);
  return (
    <Layout
      site={site}
      title={article.title}
      description={article.lead}
      canonicalPath={article.url}
      bodyClass="article-page"
      alternates={translations.length ? { [site.locale.language]: article.url, ...Object.fromEntries(translations.map((tr) => [tr.edition, tr.url])) } : undefined}
      head={
        <>
          <ArticleMetadata site={site} article={article} translations={translations} />
          {props.preview && <meta name="robots" content="noindex, nofollow" />}
          <FeedLinks publicUrl={site.publicUrl} base={site.locale.path(expertFeedBase(article.expert.slug))} title={blog} />
        </>
      }
    >
      {props.preview?.banner}
      <article class="article" lang={article.language}>
        <header class="article-header">
          <p class="blog-header">
            <a href={article.expert.url}>{blog}</a>
          </p>
          <h1 class="article-title">{article.title}</h1>
          <p class="article-meta">
            <PublishedDate iso={article.publishedAt} />
            <span class="byline">
              {rich('article.byline', {
                name: article.expert.name,
                expert: (words) => (article.authors.length > 1 ? <AuthorLinks authors={article.authors} /> : <a href={article.expert.url}>{words}</a>),
              })}
              {article.authors.length <= 1 && article.expertPosition && <span class="byline-position">, {article.expertPosition}</span>}
            </span>
            <ReadingTime body={props.body} />
          </p>
          <p class="article-tools">
            <a class="print-link" href={`${article.url}/print`} rel="alternate">
              {t('article.print')}
            </a>
          </p>
          <TranslationLinks translations={translations} />
          <p class="lead">{article.lead}</p>
        </header>
        {article.image && (
          <figure class="hero">
            <Picture image={article.image} sizes="(min-width: 1100px) 1040px, 100vw" eager />
            <figcaption>
              <Credit image={article.image} />
            </figcaption>
          </figure>
        )}
        <ArticleText body={props.body} />
        {article.tags.length > 0 && (
          <ul class="tag-list" aria-label={t('article.topics')}>
            {article.tags.map((tag) => (
              <li>
                <a href={site.locale.path(placePathOfTag(tag) ?? `/tags/${tag.slug}`)}>{tag.name}</a>
              </li>
            ))}
          </ul>
        )}
        <ShareBlock url={canonical} title={article.title} />
        <CiteBlock work={citableWork(article, site)} articlePath={article.url} />
        {/* For paper: printing the page itself carries the reference, as the print version does. */}
        <SuggestedCitation work={citableWork(article, site)} />
      </article>
      {props.polls}
      <AudienceNav />
      {props.related.length > 0 && (
        <section class="more related" aria-labelledby="related-heading">
          <h2 id="related-heading">{t('article.related')}</h2>
          <ArticleCardList articles={props.related} headingLevel={3} />
        </section>
      )}
      {props.more.length > 0 && (
        <section class="more" aria-labelledby="more-heading">
          <h2 id="more-heading">{t('article.moreFrom', { blog })}</h2>
          <ArticleCardList articles={props.more} headingLevel={3} />
        </section>
      )}
    </Layout>
  );
}

/** The print version: no navigation or sharing, the site and the canonical URL on top, link targets written out. */
export function PrintPage(props: { site: SiteView; article: ArticlePageView; body: ReadableBody }) {
  const { site, article } = props;
  const canonical = site.publicUrl + article.url;
  return (
    <html lang={article.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${article.title} — ${site.name}`}</title>
        <meta name="robots" content="noindex" />
        <link rel="canonical" href={canonical} />
        <link rel="stylesheet" href={site.assets.printCss} />
      </head>
      <body class="print-version">
        <header class="print-masthead">
          <p class="print-site">{site.name}</p>
          <p class="print-url">{canonical}</p>
        </header>
        <main>
          <article class="article">
            <p class="blog-header">{blogTitle(article.expert.name, site.locale)}</p>
            <h1 class="article-title">{article.title}</h1>
            <p class="article-meta">
              <PublishedDate iso={article.publishedAt} /> · {authorNames(site.locale.language, article.authors)}
              {article.authors.length <= 1 && article.expertPosition && `, ${article.expertPosition}`}
            </p>
            <p class="lead">{article.lead}</p>
            {article.image && (
              <figure class="hero">
                <Picture image={article.image} sizes="680px" eager />
                <figcaption>
                  <Credit image={article.image} />
                </figcaption>
              </figure>
            )}
            <div class="article-body" dangerouslySetInnerHTML={{ __html: props.body.html }} />
            <SuggestedCitation work={citableWork(article, site)} />
          </article>
        </main>
        <footer class="print-footer">
          <p>
            © {site.name}. {canonical}
          </p>
        </footer>
      </body>
    </html>
  );
}
