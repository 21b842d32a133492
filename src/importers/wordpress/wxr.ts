/**
 * Reads WordPress's export format (WXR 1.1 and 1.2: RSS 2.0 with the wp:, content:, excerpt: and dc: namespaces)
 * as a stream: the site's authors and terms first, then each item handed over as soon as its closing tag is read,
 * so that an export of hundreds of megabytes is never held in memory, and an item cut off by the end of the file
 * is never handed over. It only reads; what becomes of each item is the importer's business.
 */
import { Parser } from 'htmlparser2';

export interface WxrAuthor {
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** A category, tag or other taxonomy term the site defines (wp:category, wp:tag, wp:term). */
export interface WxrTerm {
  taxonomy: string;
  slug: string;
  name: string;
  /** The parent's slug, empty for a top-level term. */
  parent: string;
  description: string;
}

/** A term an item carries: `domain` is its taxonomy (category, post_tag, nav_menu, ...). */
export interface WxrItemTerm {
  domain: string;
  slug: string;
  name: string;
}

export interface WxrItem {
  title: string;
  link: string;
  guid: string;
  creator: string;
  /** HTML, as the editor stored it (classic or block markup). */
  content: string;
  excerpt: string;
  postId: number;
  /** "YYYY-MM-DD HH:MM:SS": post_date in the site's time zone, post_date_gmt in UTC ("0000-00-00 00:00:00" when unset). */
  postDate: string;
  postDateGmt: string;
  postModified: string;
  postModifiedGmt: string;
  postName: string;
  status: string;
  postType: string;
  postParent: number;
  menuOrder: number;
  password: string;
  isSticky: boolean;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  /** wp:postmeta, by key (the last value of a key given twice). */
  meta: Map<string, string>;
  comments: number;
}

export interface WxrSite {
  title: string;
  link: string;
  description: string;
  language: string;
  wxrVersion: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  authors: WxrAuthor[];
  terms: WxrTerm[];
}

const termElements: Record<string, string> = { 'wp:category': 'category', 'wp:tag': 'post_tag', 'wp:term': '' };

const emptySite = (): WxrSite => ({ title: '', link: '', description: '', language: '', wxrVersion: '', baseSiteUrl: '', baseBlogUrl: '', authors: [], terms: [] });

const emptyItem = (): WxrItem => ({
  title: '',
  link: '',
  guid: '',
  creator: '',
  content: '',
  excerpt: '',
  postId: 0,
  postDate: '',
  postDateGmt: '',
  postModified: '',
  postModifiedGmt: '',
  postName: '',
  status: '',
  postType: '',
  postParent: 0,
  menuOrder: 0,
  password: '',
  isSticky: false,
  attachmentUrl: '',
  terms: [],
  meta: new Map(),
  comments: 0,
});

const whole = (text: string) => Number.parseInt(text.trim(), 10) || 0;

/** Where a value read inside an item goes, by the element's name. */
const itemFields: Record<string, (item: WxrItem, text: string) => void> = {
  title: (i, t) => (i.title = t),
  link: (i, t) => (i.link = t.trim()),
  guid: (i, t) => (i.guid = t.trim()),
  'dc:creator': (i, t) => (i.creator = t.trim()),
  'content:encoded': (i, t) => (i.content = t),
  'excerpt:encoded': (i, t) => (i.excerpt = t),
  'wp:post_id': (i, t) => (i.postId = whole(t)),
  'wp:post_date': (i, t) => (i.postDate = t.trim()),
  'wp:post_date_gmt': (i, t) => (i.postDateGmt = t.trim()),
  'wp:post_modified': (i, t) => (i.postModified = t.trim()),
  'wp:post_modified_gmt': (i, t) => (i.postModifiedGmt = t.trim()),
  'wp:post_name': (i, t) => (i.postName = t.trim()),
  'wp:status': (i, t) => (i.status = t.trim()),
  'wp:post_type': (i, t) => (i.postType = t.trim()),
  'wp:post_parent': (i, t) => (i.postParent = whole(t)),
  'wp:menu_order': (i, t) => (i.menuOrder = whole(t)),
  'wp:post_password': (i, t) => (i.password = t),
  'wp:is_sticky': (i, t) => (i.isSticky = t.trim() === '1'),
  'wp:attachment_url': (i, t) => (i.attachmentUrl = t.trim()),
};

const siteFields: Record<string, keyof Omit<WxrSite, 'authors' | 'terms'>> = {
  title: 'title',
  link: 'link',
  description: 'description',
  language: 'language',
  'wp:wxr_version': 'wxrVersion',
  'wp:base_site_url': 'baseSiteUrl',
  'wp:base_blog_url': 'baseBlogUrl',
};

const authorFields: Record<string, keyof WxrAuthor> = {
  'wp:author_login': 'login',
  'wp:author_email': 'email',
  'wp:author_display_name': 'displayName',
  'wp:author_first_name': 'firstName',
  'wp:author_last_name': 'lastName',
};

const termFields: Record<string, keyof Omit<WxrTerm, 'taxonomy'>> = {
  'wp:category_nicename': 'slug',
  'wp:tag_slug': 'slug',
  'wp:term_slug': 'slug',
  'wp:cat_name': 'name',
  'wp:tag_name': 'name',
  'wp:term_name': 'name',
  'wp:category_parent': 'parent',
  'wp:term_parent': 'parent',
  'wp:category_description': 'description',
  'wp:tag_description': 'description',
  'wp:term_description': 'description',
};

/** The reader's state between chunks: the open elements and what is being filled. */
class WxrReader {
  readonly site = emptySite();
  /** Items read whole and not yet handed over. */
  readonly ready: WxrItem[] = [];
  private readonly open: Array<{ name: string; attributes: Record<string, string> }> = [];
  private text = '';
  private item: WxrItem | undefined;
  private author: WxrAuthor | undefined;
  private term: WxrTerm | undefined;
  private metaKey = '';
  private metaValue = '';
  /** Set once the input is over: the parser then closes what is still open, and none of it was read whole. */
  ended = false;

  readonly parser = new Parser(
    {
      onopentag: (name, attributes) => {
        this.open.push({ name, attributes });
        this.text = '';
        if (this.depth() !== 3 || !this.inChannel()) return;
        if (name === 'item') this.item = emptyItem();
        else if (name === 'wp:author') this.author = { login: '', email: '', displayName: '', firstName: '', lastName: '' };
        else if (name in termElements) this.term = { taxonomy: termElements[name]!, slug: '', name: '', parent: '', description: '' };
      },
      ontext: (text) => {
        this.text += text;
      },
      onclosetag: (name) => {
        if (this.ended) return;
        this.close(name, this.open.pop()?.attributes ?? {}, this.text);
        this.text = '';
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );

  /** Whether the open elements start as an export's do: rss, then channel. */
  private inChannel(): boolean {
    return this.open[0]?.name === 'rss' && this.open[1]?.name === 'channel';
  }

  /** How deep the element just opened (or about to close) is: rss is 1, channel 2, an item or author 3. */
  private depth(): number {
    return this.open.length;
  }

  private close(name: string, attributes: Record<string, string>, text: string): void {
    const depth = this.depth() + 1;
    if (!this.inChannel()) return;
    if (depth === 3) return this.closeTopLevel(name, text);
    if (depth === 4 && this.item) return this.closeItemField(name, attributes, text);
    if (depth === 4 && this.author && name in authorFields) this.author[authorFields[name]!] = text.trim();
    else if (depth === 4 && this.term && name in termFields) this.term[termFields[name]!] = text.trim();
    else if (depth === 4 && this.term && name === 'wp:term_taxonomy') this.term.taxonomy = text.trim();
    else if (depth === 5 && this.item && this.open[3]?.name === 'wp:postmeta') {
      if (name === 'wp:meta_key') this.metaKey = text.trim();
      else if (name === 'wp:meta_value') this.metaValue = text;
    }
  }

  private closeTopLevel(name: string, text: string): void {
    if (name === 'item' && this.item) {
      this.ready.push(this.item);
      this.item = undefined;
    } else if (name === 'wp:author' && this.author) {
      this.site.authors.push(this.author);
      this.author = undefined;
    } else if (name in termElements && this.term) {
      this.site.terms.push(this.term);
      this.term = undefined;
    } else if (name in siteFields) {
      this.site[siteFields[name]!] = text.trim();
    }
  }

  private closeItemField(name: string, attributes: Record<string, string>, text: string): void {
    const item = this.item!;
    if (name === 'category') item.terms.push({ domain: attributes.domain ?? '', slug: attributes.nicename ?? '', name: text.trim() });
    else if (name === 'wp:postmeta') {
      if (this.metaKey) item.meta.set(this.metaKey, this.metaValue);
      this.metaKey = this.metaValue = '';
    } else if (name === 'wp:comment') item.comments++;
    else itemFields[name]?.(item, text);
  }
}

/**
 * Reads an export from `chunks` (a file stream with its encoding set, say), calling `onItem` for each item in
 * the order of the file and waiting for it before reading on; resolves with the site's own data once the file
 * is read. A file that is not WXR at all gives a site with no version (wxrVersion empty) and no items.
 */
export async function readWxr(chunks: AsyncIterable<string | Buffer>, onItem: (item: WxrItem) => Promise<void> | void): Promise<WxrSite> {
  const reader = new WxrReader();
  const decoder = new TextDecoder('utf-8');
  const handOver = async () => {
    while (reader.ready.length > 0) await onItem(reader.ready.shift()!);
  };
  for await (const chunk of chunks) {
    reader.parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    await handOver();
  }
  reader.parser.write(decoder.decode());
  reader.ended = true;
  reader.parser.end();
  // An item whose end was never read (a file cut short) was never made ready: only whole items are handed over.
  await handOver();
  return reader.site;
}
