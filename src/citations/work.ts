import { splitPersonName, type PersonName } from './names.ts';
import { blogTitle } from '../experts/present.ts';

/** Everything a reference to one article needs, whatever the style or format. */
export interface CitableWork {
  title: string;
  authors: PersonName[];
  /** ISO timestamps. */
  publishedAt: string;
  updatedAt: string;
  /** The institution: the site's name. */
  publisher: string;
  /** "Amara Okafor's Blog". */
  containerTitle: string;
  /** The canonical, absolute address. */
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
  url: string;
  slug: string;
  language: string;
  publishedAt: string;
  updatedAt: string;
  expert: { name: string };
  tags: Array<{ name: string }>;
}

export function citableWork(article: CitedArticle, site: { name: string; publicUrl: string }): CitableWork {
  return {
    title: article.title,
    authors: [splitPersonName(article.expert.name)],
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    publisher: site.name,
    containerTitle: blogTitle(article.expert.name),
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
