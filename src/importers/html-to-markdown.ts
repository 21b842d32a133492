/**
 * HTML from another publishing system → Rostrum's Markdown (markdown-it with footnotes; see src/views/markdown.ts),
 * through the unified ecosystem: rehype-parse reads the HTML as a browser would, rehype-remark turns the HTML tree
 * into a Markdown tree, remark-stringify (with remark-gfm for tables, strikethrough and footnotes) writes it out,
 * escaping whatever in the text would otherwise read as Markdown.
 *
 * Between those steps Rostrum's own passes: footnotes gathered (html-to-markdown-footnotes.ts), what must not or
 * cannot be shown taken out or turned into links, images and files noted (html-to-markdown-clean.ts), figures,
 * galleries and tables reshaped (html-to-markdown-shapes.ts), and the Markdown tree tidied (html-to-markdown-mdast.ts).
 *
 * The result has no HTML left: Rostrum renders Markdown with HTML off, so a tag would show as text. Elements it does
 * not know keep their text. An image that is the only thing in its paragraph and has a title is a figure, the title
 * its caption: captioned images come out that way, and no other image keeps a title.
 */
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { cleanTree, noteLinkedFiles } from './html-to-markdown-clean.ts';
import { extractFootnotes } from './html-to-markdown-footnotes.ts';
import { limitNesting } from './html-to-markdown-guard.ts';
import { markHandlers, tidyMarkdownTree } from './html-to-markdown-mdast.ts';
import { ContentReport, type ConvertedContent } from './html-to-markdown-report.ts';
import { reshapeForMarkdown } from './html-to-markdown-shapes.ts';
import { limitDepth } from './html-to-markdown-tree.ts';

export { ContentReport, mediaKindOf, type ConvertedContent, type MediaKind, type MediaReference } from './html-to-markdown-report.ts';

export interface HtmlToMarkdownOptions {
  /** Where an image of the old site lives in Rostrum now (a /media/... path), or undefined: then its URL is kept and a warning says so. */
  imageAddress?: (url: string) => string | undefined;
  /** Whether a link points at an upload of the old site (a PDF, an MP3) that the importer should bring over. */
  isSiteFile?: (url: string) => boolean;
  /** Changes of the HTML tree that know the source system (Ghost's cards, WordPress's classes), run before Rostrum's own. */
  transforms?: Array<(tree: Root, report: ContentReport) => void>;
  /**
   * Whether an image's title is its caption, as in HTML that Rostrum rendered itself (an export, a feed). Elsewhere a
   * title is a tooltip (WordPress fills it with the file name) and is dropped: only figures' captions become titles.
   */
  titlesAreCaptions?: boolean;
  /** Where the media and warnings go; a new report when absent. */
  report?: ContentReport;
}

/**
 * How deep HTML may nest before the rest is kept as text. Real bodies stay far below it; hostile ones would
 * otherwise exhaust the stack of the recursive steps, and markdown-it stops nesting at 100 anyway.
 */
const maxDepth = 64;

const toMarkdownOptions = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
} as const;

export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): ConvertedContent {
  const report = options.report ?? new ContentReport();
  const processor = unified()
    .use(rehypeParse, { fragment: true })
    .use(() => (tree: Root) => prepareTree(tree, options, report))
    .use(rehypeRemark, { handlers: markHandlers })
    .use(() => tidyMarkdownTree)
    .use(remarkGfm)
    .use(remarkStringify, toMarkdownOptions);
  const markdown = String(processor.processSync(limitNesting(html, maxDepth))).trim();
  return { markdown: markdown ? `${markdown}\n` : '', media: [...report.media], warnings: [...report.warnings] };
}

function prepareTree(tree: Root, options: HtmlToMarkdownOptions, report: ContentReport): void {
  limitDepth(tree, maxDepth);
  for (const transform of options.transforms ?? []) transform(tree, report);
  // Footnotes first: they are found by the ids and in-page links that cleaning does not keep.
  extractFootnotes(tree);
  const cleaning = { report, imageAddress: options.imageAddress, isSiteFile: options.isSiteFile, titlesAreCaptions: options.titlesAreCaptions };
  cleanTree(tree, cleaning);
  reshapeForMarkdown(tree);
  noteLinkedFiles(tree, cleaning);
}
