import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';

/**
 * A figure in Markdown: an image alone in its paragraph with a title, `![alt](/media/… "Caption")`, is
 * shown as `<figure>` with the title as its caption (the alt text stays the image's description). An
 * image among words, or one without a title, stays an image in its paragraph.
 */
const captionedFigures: PluginSimple = (md) => {
  md.core.ruler.push('captioned_figures', (state) => {
    const tokens = state.tokens;
    for (let i = 1; i < tokens.length - 1; i++) {
      const inline = tokens[i]!;
      const [open, close] = [tokens[i - 1]!, tokens[i + 1]!];
      if (inline.type !== 'inline' || open.type !== 'paragraph_open' || close.type !== 'paragraph_close') continue;
      const parts = inline.children?.filter((child) => child.type !== 'softbreak' && !(child.type === 'text' && child.content.trim() === '')) ?? [];
      // The image alone, or alone inside a link (`[![alt](src "Caption")](href)`, an image that opens a larger one).
      const linked = parts.length === 3 && parts[0]!.type === 'link_open' && parts[2]!.type === 'link_close';
      const image = (parts.length === 1 || linked) && parts[linked ? 1 : 0]!.type === 'image' ? parts[linked ? 1 : 0]! : undefined;
      const caption = image?.attrGet('title');
      // An image the sanitizer will drop (another site's) would leave a caption with no picture.
      if (!image || !caption || !isOwnImage(image.attrGet('src') ?? undefined)) continue;
      image.attrs = image.attrs?.filter(([name]) => name !== 'title') ?? null;
      open.meta = { figure: true };
      close.meta = { figure: true, caption };
    }
  });
  const renderOpen = md.renderer.rules.paragraph_open;
  const renderClose = md.renderer.rules.paragraph_close;
  const figureOf = (token: { meta: unknown }) => token.meta as { figure?: boolean; caption?: string } | null;
  md.renderer.rules.paragraph_open = (tokens, idx, options, env, self) =>
    figureOf(tokens[idx]!)?.figure ? '<figure>' : renderOpen ? renderOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  md.renderer.rules.paragraph_close = (tokens, idx, options, env, self) => {
    const meta = figureOf(tokens[idx]!);
    if (meta?.figure) return `<figcaption>${md.utils.escapeHtml(meta.caption ?? '')}</figcaption></figure>\n`;
    return renderClose ? renderClose(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
};

// Raw HTML in Markdown is off: authors write Markdown, and the sanitizer is a second wall, not the only one.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true }).use(footnote as unknown as PluginSimple).use(captionedFigures);

const allowedSchemes = ['http', 'https', 'mailto', 'tel'];

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
