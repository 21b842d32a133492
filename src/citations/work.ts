import { splitPersonName, type PersonName } from './names.ts';
import { blogTitle } from '../experts/present.ts';
import type { Locale } from '../views/i18n/locale.ts';
import { defaultTimeZone, localDate, wallTime } from '../views/time-zone.ts';

/** Everything a reference to one article needs, whatever the style or format. */
export interface CitableWork {
  title: string;
  authors: PersonName[];
  /**
   * ISO timestamps. `publishedAt` is the day of publication on the site's clocks ("2021-12-18"): a
   * reference carries a day, and it is the day the article's page prints.
   */
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
  /** All its authors in byline order, the lead first; the expert alone when absent. */
  authors?: Array<{ name: string }>;
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

/** The work as the article's page (or its citation files) cites it. Its authors come in byline order. */
export function citableWork(article: CitedArticle, site: CitingSite): CitableWork {
  return {
    title: article.title,
    authors: (article.authors?.length ? article.authors : [article.expert]).map((author) => splitPersonName(author.name)),
    publishedAt: localDate(article.publishedAt, site.locale?.timeZone ?? defaultTimeZone),
    updatedAt: article.updatedAt,
    publisher: site.name,
    containerTitle: blogTitle(article.expert.name, site.locale),
    url: site.publicUrl + article.url,
    language: article.language,
    abstract: article.lead,
    keywords: article.tags.map((t) => t.name),
  };
}

/** Year, month (1–12) and day of an ISO timestamp on a zone's clocks (the site's, as its pages show dates); UTC unless given. */
export function dateParts(iso: string, zone: string = defaultTimeZone): [number, number, number] {
  const { year, month, day } = wallTime(iso, zone);
  return [year, month, day];
}
