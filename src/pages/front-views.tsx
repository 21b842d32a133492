import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout.tsx';
import { FeedLinks, siteFeedBase } from '../views/feed-links.tsx';
import { Credit, Picture } from '../views/picture.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardList, PublishedDate, type ArticleCardView } from '../views/article-cards.tsx';
import { ExpertSummary, type ExpertView } from '../experts/views.tsx';

export function HomePage(props: { site: SiteView; featured?: ArticleCardView; latest: ArticleCardView[]; experts: ExpertView[]; polls: ComponentChildren }) {
  const { site, featured } = props;
  return (
    <Layout site={site} title={site.name} canonicalPath="/" bodyClass="home" head={<FeedLinks publicUrl={site.publicUrl} base={siteFeedBase} title={site.name} />}>
      <h1 class="visually-hidden">
        {site.name}: {site.tagline}
      </h1>
      {featured && (
        <section class="featured" aria-labelledby="featured-heading">
          {featured.image && (
            <a href={featured.url} class="featured-image" tabIndex={-1} aria-hidden="true">
              <Picture image={{ ...featured.image, alt: '' }} sizes="(min-width: 1100px) 640px, 100vw" eager />
            </a>
          )}
          <div class="featured-text">
            <p class="eyebrow">Featured analysis</p>
            <h2 id="featured-heading" class="featured-title">
              <a href={featured.url}>{featured.title}</a>
            </h2>
            <p class="card-meta">
              <a href={featured.expert.url}>{featured.expert.name}</a> · <PublishedDate iso={featured.publishedAt} />
            </p>
            <p class="featured-lead">{featured.lead}</p>
            {featured.image && <Credit image={featured.image} />}
          </div>
        </section>
      )}
      <div class="home-columns">
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest analysis</h2>
          <ArticleCardList articles={props.latest} headingLevel={3} />
          <p class="more-link">
            <a href="/blogs">All expert blogs →</a>
          </p>
        </section>
        <aside class="home-aside">
          <section aria-labelledby="blogs-heading">
            <h2 id="blogs-heading">Expert blogs</h2>
            <ul class="expert-list compact">
              {props.experts.map((e) => (
                <li>
                  <ExpertSummary expert={e} headingLevel={3} />
                </li>
              ))}
            </ul>
          </section>
          {props.polls}
        </aside>
      </div>
    </Layout>
  );
}
