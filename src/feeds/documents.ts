import { Feed, type Item } from 'feed';
import type { FeedFormat } from '../views/feed-links.tsx';
import { escapeHtml } from '../views/html-text.ts';

/** One article as every feed format carries it; every URL is absolute. */
export interface FeedEntry {
  url: string;
  title: string;
  /** Plain text. */
  lead: string;
  /** Sanitised HTML with absolute links (see feedContentHtml). */
  contentHtml: string;
  publishedAt: string;
  updatedAt: string;
  language: string;
  /** In byline order, the lead first. */
  authors: Array<{ name: string; url: string }>;
  tags: Array<{ slug: string; name: string }>;
  image?: { url: string; type: string };
}

/** What a feed says about itself; every URL is absolute. */
export interface FeedChannel {
  title: string;
  description: string;
  pageUrl: string;
  feedUrls: Record<FeedFormat, string>;
  siteName: string;
  iconUrl: string;
  language: string;
  /** The one author of every entry, for a blog's feed. */
  author?: { name: string; url: string };
}

const jsonFeedVersion = 'https://jsonfeed.org/version/1.1';

/**
 * The feed package writes HTML inside CDATA sections and splits only the first "]]>" in a value, so a
 * second one would end the section early. In HTML, "]]&gt;" reads the same.
 */
const cdataSafe = (html: string) => html.replaceAll(']]>', ']]&gt;');

/** Characters XML 1.0 forbids anywhere in a document; the sanitiser lets a few through in body text. */
const notXmlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * The feed's time: that of its most recently changed entry, never "now", so that the same content gives
 * the same bytes (the page cache and ETags depend on it). A feed with nothing in it yet says 1970.
 */
function feedUpdated(entries: FeedEntry[]): Date {
  const newest = entries.reduce((latest, e) => (e.updatedAt > latest ? e.updatedAt : latest), '');
  return new Date(newest || 0);
}

function libraryFeed(channel: FeedChannel, entries: FeedEntry[], format: 'rss' | 'atom'): Feed {
  const updated = feedUpdated(entries);
  const feed = new Feed({
    id: channel.pageUrl,
    title: channel.title,
    description: channel.description,
    link: channel.pageUrl,
    feedLinks: { [format]: channel.feedUrls[format] },
    updated,
    language: channel.language,
    generator: 'Rostrum',
    copyright: `© ${updated.getUTCFullYear()} ${channel.siteName}`,
    favicon: channel.iconUrl,
    ...(channel.author && { author: { name: channel.author.name, link: channel.author.url } }),
  });
  for (const entry of entries) feed.addItem(format === 'rss' ? rssItem(entry) : atomEntry(entry));
  return feed;
}

/**
 * RSS titles are plain text, but the package would put them in CDATA (see cdataSafe), so the title goes
 * in as an element of our own, which it escapes. RSS's <author> must be an e-mail address; Dublin Core's
 * creator names the expert instead.
 */
function rssItem(entry: FeedEntry): Item {
  return {
    title: '',
    link: entry.url,
    date: new Date(entry.updatedAt),
    published: new Date(entry.publishedAt),
    description: escapeHtml(entry.lead),
    content: cdataSafe(entry.contentHtml),
    category: entry.tags.map((t) => ({ name: t.name })),
    ...(entry.image && { enclosure: { url: entry.image.url, type: entry.image.type, length: 0 } }),
    extensions: [
      { name: 'title', objects: { _text: entry.title } },
      // Dublin Core repeats dc:creator once per author, in order.
      // The package keys extensions by name (a second dc:creator would replace the first); the XML writer
      // it uses makes an array into repeated elements, which its types do not say.
      { name: 'dc:creator', objects: entry.authors.map((author) => ({ _text: author.name })) as unknown as Record<string, unknown> },
    ],
  };
}

/**
 * Atom declares titles and summaries as HTML, so their text is escaped once more. The package writes a
 * category's label without escaping "<" (which would break the document); such a label is left out
 * and the tag's slug, always safe, still names it.
 */
function atomEntry(entry: FeedEntry): Item {
  return {
    title: escapeHtml(entry.title),
    link: entry.url,
    date: new Date(entry.updatedAt),
    published: new Date(entry.publishedAt),
    description: escapeHtml(entry.lead),
    content: cdataSafe(entry.contentHtml),
    author: entry.authors.map((author) => ({ name: author.name, link: author.url })),
    category: entry.tags.map((t) => ({ term: t.slug, ...(!t.name.includes('<') && { name: t.name }) })),
    ...(entry.image && { enclosure: { url: entry.image.url } }),
  };
}

/** JSON Feed 1.1, written here: the feed package writes version 1, without `authors` or `language`. */
function jsonFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const author = (a: { name: string; url: string }) => ({ name: a.name, url: a.url });
  return JSON.stringify(
    {
      version: jsonFeedVersion,
      title: channel.title,
      home_page_url: channel.pageUrl,
      feed_url: channel.feedUrls.json,
      description: channel.description,
      icon: channel.iconUrl,
      favicon: channel.iconUrl,
      language: channel.language,
      ...(channel.author && { authors: [author(channel.author)] }),
      items: entries.map((e) => ({
        id: e.url,
        url: e.url,
        title: e.title,
        summary: e.lead,
        content_html: e.contentHtml,
        ...(e.image && { image: e.image.url }),
        date_published: new Date(e.publishedAt).toISOString(),
        date_modified: new Date(e.updatedAt).toISOString(),
        authors: e.authors.map(author),
        tags: e.tags.map((t) => t.name),
        language: e.language,
      })),
    },
    null,
    2,
  );
}

/** The feed document in one format; the same channel and entries always give the same bytes. */
export function renderFeed(channel: FeedChannel, entries: FeedEntry[], format: FeedFormat): string {
  if (format === 'json') return jsonFeed(channel, entries);
  const feed = libraryFeed(channel, entries, format);
  return (format === 'rss' ? feed.rss2() : feed.atom1()).replace(notXmlChars, '');
}
