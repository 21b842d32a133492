/**
 * What each block of the block editor becomes before the shared HTML → Markdown step. Most blocks store the HTML
 * WordPress shows, which is kept (paragraphs, headings, lists, quotes, tables, images, galleries, code, columns and
 * groups, whose inner blocks are simply joined). Some are changed: an embed becomes a link to its URL, a verse keeps
 * its lines as line breaks, a shortcode block gets WordPress's paragraphs, the footnotes block the post's notes.
 * Blocks WordPress generates when a page is shown (latest posts, archives, search) store nothing and are reported,
 * and so are blocks of plugins, whose stored HTML is converted as it is.
 */
import { wpautop } from './content-autop.ts';
import { joinContent, type Block } from './content-blocks.ts';
import { escapeHtml, type Conversion } from './content-context.ts';
import { footnotesList } from './content-footnotes.ts';

type BlockRenderer = (block: Block, conversion: Conversion) => string;

/** Core blocks whose stored HTML is what readers saw. */
const storedAsShown = [
  'paragraph',
  'heading',
  'list',
  'list-item',
  'quote',
  'pullquote',
  'table',
  'image',
  'gallery',
  'code',
  'preformatted',
  'separator',
  'columns',
  'column',
  'group',
  'row',
  'stack',
  'html',
  'buttons',
  'button',
  'media-text',
  'cover',
  'audio',
  'video',
  'file',
  'details',
  'freeform',
  'missing',
  'text-columns',
  'subhead',
];

/** Markers that carry nothing to show: the "more" cut, page breaks, vertical space. */
const markersOnly = ['more', 'nextpage', 'spacer'];

const renderers: Record<string, BlockRenderer> = {
  ...Object.fromEntries(storedAsShown.map((name) => [`core/${name}`, renderStored])),
  ...Object.fromEntries(markersOnly.map((name) => [`core/${name}`, () => ''])),
  'core/embed': renderEmbed,
  'core/verse': renderVerse,
  'core/shortcode': (block, conversion) => wpautop(renderStored(block, conversion)),
  'core/footnotes': (_block, conversion) => footnotesList(conversion),
  'core/block': renderReusable,
};

export function renderBlocks(content: Array<string | Block>, conversion: Conversion): string {
  return joinContent(content, (block) => renderBlock(block, conversion));
}

function renderBlock(block: Block, conversion: Conversion): string {
  const renderer = renderers[block.name] ?? (block.name.startsWith('core-embed/') ? renderEmbed : renderUnknown);
  return renderer(block, conversion);
}

function renderStored(block: Block, conversion: Conversion): string {
  return joinContent(block.content, (inner) => renderBlock(inner, conversion));
}

/** Whether HTML holds anything a reader would see: text, or an image, a player, a frame. */
const showsSomething = (html: string) => /<(?:img|audio|video|iframe|embed|object)\b/i.test(html) || html.replace(/<!--[\s\S]*?-->|<[^>]*>/g, '').trim() !== '';

function renderUnknown(block: Block, conversion: Conversion): string {
  const html = renderStored(block, conversion);
  if (!showsSomething(html)) {
    conversion.generatedBlocks.add(block.name);
  } else {
    conversion.report.warn(`The block ${block.name} is not known to the importer; its stored HTML was converted as it is.`);
  }
  return html;
}

/** An embed (YouTube, a tweet, a podcast) becomes a link to what it showed, then its caption. */
function renderEmbed(block: Block, conversion: Conversion): string {
  const stored = renderStored(block, conversion);
  const url = typeof block.attributes.url === 'string' ? block.attributes.url : (/https?:\/\/[^\s<>"]+/.exec(stored)?.[0] ?? '');
  if (!/^https?:\/\//i.test(url)) {
    conversion.report.warn(`An embed block (${block.name}) without a web address was left out.`);
    return '';
  }
  conversion.report.warn(`Embedded content from ${url} was kept as a link.`);
  const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(stored)?.[1] ?? '';
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>${caption.trim() ? `<p>${caption}</p>` : ''}`;
}

/** A poem's lines are line breaks in a paragraph, not the code block a <pre> would make. */
function renderVerse(block: Block, conversion: Conversion): string {
  return renderStored(block, conversion).replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_pre, lines: string) => `<p>${lines.replace(/\r?\n/g, '<br>')}</p>`);
}

/** A reusable block's content is another post (a wp_block) that the content does not hold. */
function renderReusable(block: Block, conversion: Conversion): string {
  conversion.report.warn(`A reusable block (wp_block ${String(block.attributes.ref ?? '?')}) is stored apart from the post; it was left out.`);
  return '';
}
