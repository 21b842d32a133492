import { splitPersonName, type PersonName } from './names.ts';
import { blogTitle } from '../experts/present.ts';
import type { Locale } from '../views/i18n/locale.ts';

/** Everything a reference to one article needs, whatever the style or format. */
export interface CitableWork {
  title: string;
  authors: PersonName[];
  /** ISO timestamps. */
  publishedAt: string;
  updatedAt: string;
  /** The institution: the site's name. */
  publisher: string;
  /** "Amara Okafor's Blog": the blog as its page names it, in the edition's language. */
  containerTitle: string;
  /** The canonical, absolute address: the article's own, with its edition's prefix (`/ru/blogs/…`). */
  url: string;
  language: string;
  abstract: string;
  keywords: string[];
  /** The day the reader looked at it (ISO), for the styles that ask; none on shared pages. */
  accessed?: string;
}

/** What a reference is made from: an article as its page shows it (articles' ArticlePageView fits). */
export interface CitedArticle {
  title: string;
  lead: string;
  /** The article's path, its edition's prefix included; taken as given. */
  url: string;
  slug: string;
  language: string;
  publishedAt: string;
  updatedAt: string;
  expert: { name: string };
  tags: Array<{ name: string }>;
}

/**
 * The site as a reference names it: its name in the edition's language, and the edition's locale (a
 * SiteView fits), in whose words the blog is named as its page names it. Without a locale, in English.
 */
export interface CitingSite {
  name: string;
  publicUrl: string;
  locale?: Locale;
}

/** The work as the article's page (or its citation files) cites it. The work has one author today; styles take a list. */
export function citableWork(article: CitedArticle, site: CitingSite): CitableWork {
  return {
    title: article.title,
    authors: [splitPersonName(article.expert.name)],
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    publisher: site.name,
    containerTitle: blogTitle(article.expert.name, site.locale),
    url: site.publicUrl + article.url,
    language: article.language,
    abstract: article.lead,
    keywords: article.tags.map((t) => t.name),
  };
}

/** Year, month (1–12) and day of an ISO timestamp, in UTC as the site shows dates. */
export function dateParts(iso: string): [number, number, number] {
  const d = new Date(iso);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
