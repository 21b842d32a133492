import { everyEdition, Layout, type LanguageAlternates } from '../views/layout.tsx';
import { useLocale } from '../views/i18n/locale.ts';
import { expertFeedBase, FeedLinks } from '../views/feed-links.tsx';
import { Picture, type PictureView } from '../views/picture.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardList, OlderLink, type ArticleCardView } from '../views/article-cards.tsx';
import { profileLinkLabel } from './links.ts';
import { blogTitle } from './present.ts';

export interface ExpertView {
  slug: string;
  name: string;
  /** Position and affiliation, as one line. */
  titleLine: string;
  bio: string;
  url: string;
  /** Profiles on other sites (https URLs). */
  links: string[];
  photo?: PictureView;
}

export function ExpertPortrait(props: { expert: ExpertView; size: 'small' | 'large' }) {
  if (!props.expert.photo)
    return (
      <span class={`portrait portrait-${props.size} portrait-empty`} aria-hidden="true">
        {props.expert.name.slice(0, 1)}
      </span>
    );
  return <Picture class={`portrait portrait-${props.size}`} image={props.expert.photo} sizes={props.size === 'large' ? '200px' : '96px'} />;
}

/** "Elsewhere: ORCID · LinkedIn": rel="me" tells the other sites' verifiers that the profiles are one person's. */
function ProfileLinks(props: { links: string[] }) {
  const { t } = useLocale();
  if (props.links.length === 0) return null;
  return (
    <p class="expert-links">
      {t('expert.elsewhere')}{' '}
      {props.links.map((url, i) => (
        <>
          {i > 0 && ' · '}
          <a href={url} rel="me noopener">
            {profileLinkLabel(url)}
          </a>
        </>
      ))}
    </p>
  );
}

export function ExpertSummary(props: { expert: ExpertView; latest?: ArticleCardView; headingLevel?: 2 | 3 }) {
  const { expert } = props;
  const locale = useLocale();
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <article class="expert-card">
      <ExpertPortrait expert={expert} size="small" />
      <div>
        <Heading class="expert-name">
          <a href={expert.url}>{blogTitle(expert.name, locale)}</a>
        </Heading>
        <p class="expert-position">{expert.titleLine}</p>
        {props.latest && (
          <p class="expert-latest">
            {locale.t('expert.latest')} <a href={props.latest.url}>{props.latest.title}</a>
          </p>
        )}
      </div>
    </article>
  );
}

export function BlogsPage(props: { site: SiteView; experts: Array<{ expert: ExpertView; latest?: ArticleCardView }> }) {
  const { t, path } = props.site.locale;
  return (
    <Layout site={props.site} title={t('blogs.title')} canonicalPath={path('/blogs')} alternates={everyEdition(props.site, '/blogs')}>
      <header class="page-header">
        <h1>{t('blogs.title')}</h1>
        <p class="page-intro">{t('blogs.intro')}</p>
      </header>
      {props.experts.length === 0 ? (
        <p class="empty">{t('blogs.empty')}</p>
      ) : (
        <ul class="expert-list">
          {props.experts.map((e) => (
            <li>
              <ExpertSummary expert={e.expert} latest={e.latest} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function ExpertBlogPage(props: { site: SiteView; expert: ExpertView; articles: ArticleCardView[]; olderHref?: string; isFirstPage: boolean; alternates?: LanguageAlternates }) {
  const { expert, site } = props;
  const { t } = site.locale;
  const title = blogTitle(expert.name, site.locale);
  return (
    <Layout
      site={site}
      title={title}
      description={expert.bio || undefined}
      canonicalPath={expert.url}
      alternates={props.alternates}
      head={<FeedLinks publicUrl={site.publicUrl} base={site.locale.path(expertFeedBase(expert.slug))} title={title} />}
    >
      <header class="expert-profile">
        <ExpertPortrait expert={expert} size="large" />
        <div>
          <h1>{title}</h1>
          <p class="expert-position">{expert.titleLine}</p>
          {expert.bio && <p class="expert-bio">{expert.bio}</p>}
          <ProfileLinks links={expert.links} />
        </div>
      </header>
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">{props.isFirstPage ? t('blog.articles') : t('blog.older')}</h2>
        <ArticleCardList articles={props.articles} headingLevel={3} emptyText={t('blog.empty')} />
        <OlderLink href={props.olderHref} />
      </section>
    </Layout>
  );
}
