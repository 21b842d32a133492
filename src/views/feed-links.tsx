/**
 * Where feeds live and how pages announce them. Pages of every capability put `<link rel="alternate">`
 * in their head with it; feeds serve what it names. It knows no capability, so it lives with the views.
 */

export const feedFormats = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

const fileOf: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };
const labelOf: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

export const feedContentTypes: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** A feed's address under the page it follows: `/blogs/x` → `/blogs/x/feed.xml`; the whole site's is `''` → `/feed.xml`. */
export const feedPath = (base: string, format: FeedFormat) => `${base}/${fileOf[format]}`;

export const siteFeedBase = '';
export const expertFeedBase = (expertSlug: string) => `/blogs/${expertSlug}`;
export const tagFeedBase = (tagSlug: string) => `/tags/${tagSlug}`;

/** The three `<link rel="alternate">` a page's head carries for the feed that follows it. */
export function FeedLinks(props: { publicUrl: string; base: string; title: string }) {
  return (
    <>
      {feedFormats.map((format) => (
        <link rel="alternate" type={feedContentTypes[format].split(';')[0]} title={`${props.title} (${labelOf[format]})`} href={props.publicUrl + feedPath(props.base, format)} />
      ))}
    </>
  );
}
