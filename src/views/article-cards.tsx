import type { ComponentChildren } from 'preact';
import { Picture, type PictureView } from './picture.tsx';
import { instantIn } from './time-zone.ts';
import { useLocale } from './i18n/locale.ts';
import { AuthorLinks, type BylineAuthor } from './author-list.tsx';

/** What a card shows of an article: any capability's list of articles passes these. */
export interface ArticleCardView {
  url: string;
  title: string;
  lead: string;
  publishedAt: string;
  expert: { name: string; url: string };
  /** All its authors, the lead first, when it has more than one. */
  authors?: BylineAuthor[];
  image?: PictureView;
}

/** The day on the site's clocks, and the exact instant (with the zone's offset) for machines. */
export function PublishedDate(props: { iso: string }) {
  const locale = useLocale();
  return <time datetime={instantIn(props.iso, locale.timeZone)}>{locale.longDate(props.iso)}</time>;
}

export function ArticleCardItem(props: { article: ArticleCardView; headingLevel?: 2 | 3; showImage?: boolean; summary?: ComponentChildren }) {
  const { article } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {props.showImage !== false && article.image && (
        <a href={article.url} class="card-image" tabIndex={-1} aria-hidden="true">
          <Picture image={{ ...article.image, alt: '' }} sizes="(min-width: 900px) 30vw, 100vw" />
        </a>
      )}
      <div class="card-text">
        <p class="card-meta">
          <AuthorLinks authors={article.authors?.length ? article.authors : [article.expert]} /> · <PublishedDate iso={article.publishedAt} />
        </p>
        <Heading class="card-title">
          <a href={article.url}>{article.title}</a>
        </Heading>
        {props.summary ?? <p class="card-lead">{article.lead}</p>}
      </div>
    </article>
  );
}

export function ArticleCardList(props: { articles: ArticleCardView[]; headingLevel?: 2 | 3; emptyText?: string }) {
  const { t } = useLocale();
  if (props.articles.length === 0) return <p class="empty">{props.emptyText ?? t('cards.empty')}</p>;
  return (
    <ul class="card-list">
      {props.articles.map((a) => (
        <li>
          <ArticleCardItem article={a} headingLevel={props.headingLevel} />
        </li>
      ))}
    </ul>
  );
}

export function OlderLink(props: { href?: string; label?: string }) {
  const { t } = useLocale();
  if (!props.href) return null;
  return (
    <nav class="pager" aria-label={t('cards.pagination')}>
      <a href={props.href} rel="next">
        {props.label ?? t('cards.older')} →
      </a>
    </nav>
  );
}
