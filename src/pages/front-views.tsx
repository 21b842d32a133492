import type { ComponentChildren } from 'preact';
import { AuthorLinks } from '../views/author-list.tsx';
import { everyEdition, Layout } from '../views/layout.tsx';
import { translate } from '../views/i18n/locale.ts';
import { editionLanguages } from '../views/i18n/languages.ts';
import { FeedLinks, siteFeedBase } from '../views/feed-links.tsx';
import { Credit, Picture } from '../views/picture.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardList, PublishedDate, type ArticleCardView } from '../views/article-cards.tsx';
import { ExpertSummary, type ExpertView } from '../experts/views.tsx';

export function HomePage(props: { site: SiteView; featured?: ArticleCardView; latest: ArticleCardView[]; experts: ExpertView[]; polls: ComponentChildren }) {
  const { site, featured } = props;
  const { t, path } = site.locale;
  return (
    <Layout
      site={site}
      title={site.name}
      canonicalPath={path('/')}
      bodyClass="home"
      alternates={everyEdition(site, '/')}
      head={<FeedLinks publicUrl={site.publicUrl} base={path(siteFeedBase)} title={site.name} />}
    >
      <LanguageSuggestions site={site} />
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
            <p class="eyebrow">{t('front.featured')}</p>
            <h2 id="featured-heading" class="featured-title">
              <a href={featured.url}>{featured.title}</a>
            </h2>
            <p class="card-meta">
              <AuthorLinks authors={featured.authors?.length ? featured.authors : [featured.expert]} /> · <PublishedDate iso={featured.publishedAt} />
            </p>
            <p class="featured-lead">{featured.lead}</p>
            {featured.image && <Credit image={featured.image} />}
          </div>
        </section>
      )}
      <div class="home-columns">
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">{t('front.latest')}</h2>
          <ArticleCardList articles={props.latest} headingLevel={3} />
          <p class="more-link">
            <a href={path('/blogs')}>{t('front.allBlogs')} →</a>
          </p>
        </section>
        <aside class="home-aside">
          <section aria-labelledby="blogs-heading">
            <h2 id="blogs-heading">{t('front.blogs')}</h2>
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

/**
 * On the front page, a note for a reader whose browser prefers another of the site's languages, shown by
 * the page's script (the page itself is the same for everyone, so that it can be cached): never a redirect.
 */
function LanguageSuggestions(props: { site: SiteView }) {
  const { locale } = props.site;
  const others = locale.editions.languages.filter((language) => language !== locale.language);
  return (
    <>
      {others.map((language) => (
        <p class="language-suggestion" data-suggest-language={language} lang={language} hidden>
          <a href={locale.pathIn(language, '/')} hreflang={language}>
            {translate(language, 'layout.suggestLanguage', { language: editionLanguages[language].nativeName })}
          </a>
        </p>
      ))}
    </>
  );
}
