import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in Markdown is off: authors write Markdown, and the sanitizer is a second wall, not the only one.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true }).use(footnote as unknown as PluginSimple);

const allowedSchemes = ['http', 'https', 'mailto'];

/**
 * An image in a body must be one of the site's own (`/media/<hash>/800.jpg`): the CSP blocks other
 * sites' images, which would show as broken pictures and shift the layout. A root-relative path
 * only; `//host/x`, `/\\host/x`, `https:`, `data:` and path-relative sources are dropped with their tag.
 */
const isOwnImage = (src: string | undefined) => src !== undefined && /^\/(?![/\\])/.test(src);

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'code',
    'pre',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
    'section',
    'del',
    's',
    'abbr',
    'figure',
    'figcaption',
  ],
  allowedAttributes: {
    a: ['href', 'id', 'class', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    sup: ['id', 'class'],
    li: ['id', 'class'],
    section: ['class'],
    hr: ['class'],
    ol: ['start', 'class'],
    th: ['align'],
    td: ['align'],
    abbr: ['title'],
  },
  allowedSchemes,
  // No scheme at all for images: only relative sources survive, and isOwnImage narrows them further.
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !isOwnImage(frame.attribs.src),
  transformTags: {
    // A heading level 1 belongs to the page title; the body starts at level 2.
    h1: 'h2',
  },
};

/** Markdown (with footnotes) to sanitised HTML; used for preview and publication alike. */
export function renderMarkdown(source: string): string {
  return sanitizeBodyHtml(markdown.render(source));
}

/** The sanitizer on its own: what renderMarkdown applies to markdown-it's output. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}
