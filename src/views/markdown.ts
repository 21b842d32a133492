import MarkdownIt, { type PluginSimple, type Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';
import type { PictureView } from './picture.tsx';
import { isOwnImage } from './figure-markdown.ts';

export { imageAddressProblem, type ImageAddressProblem } from './figure-markdown.ts';

/**
 * What a body's figures need from the media library, given by the caller that knows it (the articles'
 * save and preview): each stored image by the hash in its address, and the word before a credit in the
 * article's language ("Source:"). Without it, images render as they always did: a bare `<img>`.
 */
export interface BodyFigures {
  images: ReadonlyMap<string, PictureView>;
  creditLabel: string;
}

/** How wide a body figure is drawn: the text column (--measure) on wide screens, the screen on phones. */
export const bodyFigureSizes = '(min-width: 48rem) 42rem, 100vw';

/** The hash of a stored image's address, `/media/<hash>/<file>`, as the media routes serve it; undefined for any other. */
export function mediaHashOf(src: string): string | undefined {
  return /^\/media\/([0-9a-f]{64})\/[A-Za-z0-9.]+$/.exec(src)?.[1];
}

interface FigureMeta {
  figure?: boolean;
  /** A paragraph whose only content is images that are not shown: nothing is written for it. */
  dropped?: boolean;
  /** A figure of the media library's: its caption and credit are each a line of the figcaption. */
  library?: boolean;
  caption?: string;
  credit?: { label: string; text: string; url: string };
}

/**
 * A figure in Markdown: an image alone in its paragraph with a title, `![alt](/media/… "Caption")`, is
 * shown as `<figure>` with the title as its caption (the alt text stays the image's description). An
 * image among words, or one without a title, stays an image in its paragraph. An image of the media
 * library (its address names a stored image and the caller gave `BodyFigures`) is drawn with its
 * responsive variants and its size, and alone in its paragraph it is a figure with or without a title,
 * with the library's credit ("Source: …") under the caption, as the hero's.
 */
const captionedFigures: PluginSimple = (md) => {
  md.core.ruler.push('captioned_figures', (state) => {
    const env = state.env as { figures?: BodyFigures; listing?: boolean } | undefined;
    const figures = env?.figures;
    // imagesInMarkdown reads the tokens as written: nothing is marked or dropped for it.
    if (env?.listing) return;
    const tokens = state.tokens;
    if (figures) {
      for (const token of tokens) {
        for (const child of token.children ?? []) {
          if (child.type !== 'image') continue;
          const hash = mediaHashOf(child.attrGet('src') ?? '');
          const picture = hash === undefined ? undefined : figures.images.get(hash);
          if (picture) child.meta = { picture };
        }
      }
    }
    for (let i = 1; i < tokens.length - 1; i++) {
      const inline = tokens[i]!;
      const [open, close] = [tokens[i - 1]!, tokens[i + 1]!];
      if (inline.type !== 'inline' || open.type !== 'paragraph_open' || close.type !== 'paragraph_close') continue;
      const parts = inline.children?.filter((child) => child.type !== 'softbreak' && !(child.type === 'text' && child.content.trim() === '')) ?? [];
      // A paragraph of nothing but images the sanitizer drops (another site's) would be left empty: it goes
      // whole. The editor lists each such image with why (src/articles/editor-figures.tsx).
      if (parts.some((p) => p.type === 'image') && parts.every((p) => p.type === 'link_open' || p.type === 'link_close' || (p.type === 'image' && !isOwnImage(p.attrGet('src') ?? undefined)))) {
        open.meta = close.meta = { dropped: true } satisfies FigureMeta;
        inline.children = [];
        continue;
      }
      // The image alone, or alone inside a link (`[![alt](src "Caption")](href)`, an image that opens a larger one).
      const linked = parts.length === 3 && parts[0]!.type === 'link_open' && parts[2]!.type === 'link_close';
      const image = (parts.length === 1 || linked) && parts[linked ? 1 : 0]!.type === 'image' ? parts[linked ? 1 : 0]! : undefined;
      const caption = image?.attrGet('title') ?? '';
      const picture = pictureOf(image);
      // An image the sanitizer will drop (another site's) would leave a caption with no picture.
      if (!image || !(picture || (caption && isOwnImage(image.attrGet('src') ?? undefined)))) continue;
      image.attrs = image.attrs?.filter(([name]) => name !== 'title') ?? null;
      const library = picture !== undefined;
      open.meta = { figure: true, library } satisfies FigureMeta;
      const credit = picture?.credit ? { label: figures!.creditLabel, text: picture.credit, url: picture.creditUrl } : undefined;
      close.meta = { figure: true, library, caption, credit } satisfies FigureMeta;
    }
  });
  const escape = md.utils.escapeHtml;
  const renderOpen = md.renderer.rules.paragraph_open;
  const renderClose = md.renderer.rules.paragraph_close;
  const renderImage = md.renderer.rules.image;
  const figureOf = (token: { meta: unknown }) => token.meta as FigureMeta | null;
  md.renderer.rules.paragraph_open = (tokens, idx, options, env, self) => {
    const meta = figureOf(tokens[idx]!);
    if (meta?.dropped) return '';
    if (meta?.figure) return meta.library ? '<figure class="body-figure">' : '<figure>';
    return renderOpen ? renderOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
  md.renderer.rules.paragraph_close = (tokens, idx, options, env, self) => {
    const meta = figureOf(tokens[idx]!);
    if (meta?.dropped) return '';
    if (!meta?.figure) return renderClose ? renderClose(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    // A figure of the library: the caption and the credit each a line of their own, the credit as the hero's.
    if (meta.library) {
      const caption = meta.caption ? `<p class="caption">${escape(meta.caption)}</p>` : '';
      // An import may have filed a picture's caption as its credit too (WordPress's): said once, as the caption.
      const credit = meta.credit && meta.credit.text !== meta.caption ? meta.credit : undefined;
      const source = credit
        ? `<p class="credit">${escape(credit.label)} ${credit.url ? `<a href="${escape(credit.url)}" rel="noopener nofollow">${escape(credit.text)}</a>` : escape(credit.text)}</p>`
        : '';
      return caption || source ? `<figcaption>${caption}${source}</figcaption></figure>\n` : '</figure>\n';
    }
    return `<figcaption>${escape(meta.caption ?? '')}</figcaption></figure>\n`;
  };
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const picture = pictureOf(token);
    if (!picture) return renderImage ? renderImage(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    // The alt text written in the body describes this use of the picture; without one, the library's.
    const alt = altText(token.children ?? []) || picture.alt;
    const sources = picture.sources.map((s) => `<source type="${escape(s.type)}" srcset="${escape(s.srcset)}" sizes="${bodyFigureSizes}" />`).join('');
    return `<picture>${sources}<img src="${escape(picture.src)}" alt="${escape(alt)}" width="${picture.width}" height="${picture.height}" loading="lazy" decoding="async" /></picture>`;
  };
};

/** An image's alt text as written, escapes read (`\[` is "["): markdown-it's own text rendering skips escaped characters in an image. */
const altText = (children: Token[]): string =>
  children.map((c) => (c.type === 'text' || c.type === 'text_special' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : altText(c.children ?? []))).join('');

const pictureOf = (token: Token | undefined) => (token?.meta as { picture?: PictureView } | null | undefined)?.picture;

// Raw HTML in Markdown is off: authors write Markdown, and the sanitizer is a second wall, not the only one.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true }).use(footnote as unknown as PluginSimple).use(captionedFigures);

const allowedSchemes = ['http', 'https', 'mailto', 'tel'];

/** A srcset whose every candidate is one of the site's own images (`<source>` in a library figure). */
const ownSrcset = (srcset: string | undefined) => srcset !== undefined && srcset.trim() !== '' && srcset.split(',').every((candidate) => isOwnImage(candidate.trim().split(/\s+/)[0]));

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
    // A library figure's responsive image (renderMarkdown writes them; Markdown's own HTML is off).
    'picture',
    'source',
  ],
  allowedAttributes: {
    a: ['href', 'id', 'class', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    source: ['type', 'srcset', 'sizes'],
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
  // A figure's caption and credit lines, and the figure itself, by these classes only.
  allowedClasses: { p: ['caption', 'credit'], figure: ['body-figure'] },
  // The sanitizer's own list, and <source>, which has no end tag either.
  selfClosing: ['img', 'br', 'hr', 'area', 'base', 'basefont', 'input', 'link', 'meta', 'source'],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => (frame.tag === 'img' && !isOwnImage(frame.attribs.src)) || (frame.tag === 'source' && !ownSrcset(frame.attribs.srcset)),
  transformTags: {
    // A heading level 1 belongs to the page title; the body starts at level 2.
    h1: 'h2',
  },
};

/**
 * Markdown (with footnotes) to sanitised HTML; used for preview and publication alike. With `figures`,
 * the media library's images are drawn with their variants and credit (articles' bodies: src/articles/body-html.ts).
 */
export function renderMarkdown(source: string, figures?: BodyFigures): string {
  return sanitizeBodyHtml(markdown.render(source, figures ? { figures } : {}));
}

/** An image written in a body's Markdown, as written. */
export interface BodyImage {
  src: string;
  alt: string;
}

/**
 * Every image the Markdown writes, in order (in paragraphs, lists, quotations and tables alike), read
 * by the same parser that renders: what a body's figures are looked up by, and what the editor checks.
 */
export function imagesInMarkdown(source: string): BodyImage[] {
  const found: BodyImage[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'image') found.push({ src: token.attrGet('src') ?? '', alt: altText(token.children ?? []) });
      if (token.children) walk(token.children);
    }
  };
  walk(markdown.parse(source, { listing: true }));
  return found;
}

/** The sanitizer on its own: what renderMarkdown applies to markdown-it's output. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}
