import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout.tsx';
import { Credit, Picture } from '../views/picture.tsx';
import { ShareBlock } from '../views/share.tsx';
import { audienceLinks, type SiteView } from '../views/site.ts';
import { ArticleCardList, PublishedDate } from '../views/article-cards.tsx';
import type { ArticleCard, ArticlePageView } from './present.ts';
import { blogTitle } from '../experts/present.ts';
import { ArticleMetadata } from './metadata.tsx';
import { expertFeedBase, FeedLinks } from '../views/feed-links.tsx';
import { CiteBlock, SuggestedCitation } from '../citations/views.tsx';
import { citableWork } from '../citations/work.ts';
import { tableOfContents, type BodyHeading, type ReadableBody } from './reading.ts';
import { placePathOfTag } from '../places/tags.ts';

/** "In this article": the headings of a long article, h3 nested under their h2. */
function TableOfContents(props: { entries: BodyHeading[] }) {
  const sections: Array<{ heading: BodyHeading; children: BodyHeading[] }> = [];
  for (const h of props.entries) {
    const parent = sections[sections.length - 1];
    if (h.level === 3 && parent) parent.children.push(h);
    else sections.push({ heading: h, children: [] });
  }
  return (
    <nav class="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">In this article</h2>
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

const ReadingTime = (props: { body: ReadableBody }) => <span class="reading-time">{props.body.readingMinutes} min read</span>;

function AudienceNav() {
  return (
    <nav class="audience-nav" aria-label="Portals">
      <ul>
        {audienceLinks.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The reference page (DESIGN.md §1), element by element in its reading order. */
export function ArticlePage(props: { site: SiteView; article: ArticlePageView; body: ReadableBody; related: ArticleCard[]; more: ArticleCard[]; polls: ComponentChildren }) {
  const { site, article } = props;
  const canonical = site.publicUrl + article.url;
  return (
    <Layout
      site={site}
      title={article.title}
      description={article.lead}
      canonicalPath={article.url}
      bodyClass="article-page"
      head={
        <>
          <ArticleMetadata site={site} article={article} />
          <FeedLinks publicUrl={site.publicUrl} base={expertFeedBase(article.expert.slug)} title={blogTitle(article.expert.name)} />
        </>
      }
    >
      <article class="article" lang={article.language}>
        <header class="article-header">
          <p class="blog-header">
            <a href={article.expert.url}>{article.expert.name}'s Blog</a>
          </p>
          <h1 class="article-title">{article.title}</h1>
          <p class="article-meta">
            <PublishedDate iso={article.publishedAt} />
            <span class="byline">
              by <a href={article.expert.url}>{article.expert.name}</a>
              {article.expertPosition && <span class="byline-position">, {article.expertPosition}</span>}
            </span>
            <ReadingTime body={props.body} />
          </p>
          <p class="article-tools">
            <a class="print-link" href={`${article.url}/print`} rel="alternate">
              Print
            </a>
          </p>
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
          <ul class="tag-list" aria-label="Topics">
            {article.tags.map((t) => (
              <li>
                <a href={placePathOfTag(t) ?? `/tags/${t.slug}`}>{t.name}</a>
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
          <h2 id="related-heading">Related analysis</h2>
          <ArticleCardList articles={props.related} headingLevel={3} />
        </section>
      )}
      {props.more.length > 0 && (
        <section class="more" aria-labelledby="more-heading">
          <h2 id="more-heading">More from {article.expert.name}'s Blog</h2>
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
            <p class="blog-header">{article.expert.name}'s Blog</p>
            <h1 class="article-title">{article.title}</h1>
            <p class="article-meta">
              <PublishedDate iso={article.publishedAt} /> · {article.expert.name}
              {article.expertPosition && `, ${article.expertPosition}`}
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
