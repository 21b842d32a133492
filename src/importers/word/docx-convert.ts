/**
 * A checked .docx (docx-package.ts) as an article's parts: mammoth reads the document into HTML (headings,
 * lists, tables, emphasis, links, footnotes and endnotes, images with their alt text), then the office HTML steps
 * and the shared HTML → Markdown conversion make the body. The title and lead are taken out of the document.
 * Pictures stay placeholders here (`<token>/<n>`): the command stores them and puts their addresses in.
 */
import { randomBytes } from 'node:crypto';
import type { Element, Root } from 'hast';
import mammoth from 'mammoth';
import { invalid } from '../../core/refusals.ts';
import { ContentReport } from '../html-to-markdown-report.ts';
import { htmlToMarkdown } from '../html-to-markdown.ts';
import { attribute, classesOf, elementsWithParents, replaceNode, textOf } from '../html-to-markdown-tree.ts';
import { checkOfficeHtmlSize, normalizeOfficeHtml } from './office-html.ts';
import { cutAtWord } from '../../views/format.ts';

export interface DocxImage {
  bytes: Buffer;
  alt: string;
  /** The format sharp reads in it; undefined when it is not one Rostrum takes (EMF, WMF, TIFF). */
  usable: boolean;
  /** The name the document gives it, for messages: "image3.emf". */
  label: string;
}

export interface ConvertedDocx {
  title: string;
  lead: string;
  /** The body, with pictures at `placeholderOf(n)` until they are stored. */
  markdown: string;
  images: DocxImage[];
  /** Where image n stands in the Markdown until its address is known. */
  placeholderOf: (index: number) => string;
  notCarried: string[];
}

const titleMax = 300;
const leadMax = 2000;

/**
 * Word's title and subtitle styles name the article's title and lead; its quotation styles are block quotes.
 * Everything else is mammoth's own reading (Heading 1-6, lists, tables, footnotes and endnotes).
 */
const styleMap = [
  "p[style-name='Title'] => p.docx-title:fresh",
  "p[style-name='Subtitle'] => p.docx-subtitle:fresh",
  // A style used but not defined in the document is known by its id only.
  'p.Title => p.docx-title:fresh',
  'p.Subtitle => p.docx-subtitle:fresh',
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
];

const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif']);

export async function convertDocx(bytes: Buffer, options: { fallbackTitle: string; notCarried: string[] }): Promise<ConvertedDocx> {
  const { default: sharp } = await import('sharp');
  const token = `/docx-image-${randomBytes(6).toString('hex')}`;
  const placeholderOf = (index: number) => `${token}/${index}`;
  const images: DocxImage[] = [];
  const result = await readWithMammoth(bytes, {
    // Never read a linked file from the disk or the network (mammoth's default too; said here so it stays so).
    externalFileAccess: false,
    styleMap,
    idPrefix: 'docx-',
    convertImage: mammoth.images.imgElement(async (image) => {
      const data = await image.readAsBuffer();
      const meta = await sharp(data, { limitInputPixels: false })
        .metadata()
        .catch(() => undefined);
      const usable = !!meta?.format && (acceptedFormats.has(meta.format) || (meta.format === 'heif' && meta.compression === 'av1'));
      const altText = (image as unknown as { altText?: string }).altText ?? '';
      images.push({
        bytes: data,
        alt: altText.trim().slice(0, 500),
        usable,
        // The format the bytes are in (the file's extension may say otherwise), else what the package calls it.
        label: `${(meta?.format ?? (image.contentType || 'unknown').replace(/^image\/(?:x-)?/, '')).toUpperCase()} image`,
      });
      return { src: placeholderOf(images.length - 1), alt: altText };
    }),
  });
  // mammoth's HTML goes through the same passes as a paste, under the same limits.
  checkOfficeHtmlSize(result.value, 'file');
  const notCarried = [...options.notCarried];
  const report = new ContentReport();
  const parts = { title: '', lead: '' };
  const unusable = images.filter((image) => !image.usable);
  if (unusable.length > 0) {
    const formats = [...new Set(unusable.map((image) => image.label.replace(/ image$/, '')))].join(', ');
    notCarried.push(
      `${unusable.length === 1 ? 'An image' : `${unusable.length} images`} in a format a web page cannot show (${formats}) left out: save ${unusable.length === 1 ? 'it' : 'them'} as PNG or JPEG and add ${unusable.length === 1 ? 'it' : 'them'} with Insert figure.`,
    );
  }
  const dropUnusable = (tree: Root) => {
    for (const { node, parent } of elementsWithParents(tree)) {
      if (node.tagName !== 'img') continue;
      const index = Number(attribute(node, 'src').slice(token.length + 1));
      if (!images[index]?.usable) replaceNode(parent, node, []);
    }
  };
  const { markdown, warnings } = htmlToMarkdown(result.value, {
    report,
    transforms: [dropUnusable, (tree) => takeTitleAndLead(tree, parts), normalizeOfficeHtml],
  });
  notCarried.push(...mammothNotes(result.messages), ...warnings);
  return { title: parts.title || cutAtWord(options.fallbackTitle, titleMax) || 'Untitled document', lead: parts.lead, markdown, images, placeholderOf, notCarried };
}

type MammothOptions = NonNullable<Parameters<typeof mammoth.convertToHtml>[1]>;

/**
 * mammoth's reading, its failures the document's: XML that is not well formed, parts that are missing or nest
 * beyond what a parser's stack holds. The package has passed every check by now, so what fails here is damage.
 */
async function readWithMammoth(bytes: Buffer, options: MammothOptions) {
  try {
    return await mammoth.convertToHtml({ buffer: bytes }, options);
  } catch {
    throw invalid('is a damaged Word document: its text cannot be read', 'file');
  }
}

/** A paragraph whose text may stand alone as a lead: no footnote reference or picture would be lost with it. */
const plainParagraph = (node: Element) => !elementsWithParents(node).some(({ node: inner }) => inner.tagName === 'img' || (inner.tagName === 'a' && attribute(inner, 'href').startsWith('#')));

/** The Title style (or else the first Heading 1) is the title; the Subtitle style (or else the first paragraph) the lead. */
function takeTitleAndLead(tree: Root, parts: { title: string; lead: string }): void {
  const top = elementsWithParents(tree).filter(({ parent }) => parent === tree);
  const title = top.find(({ node }) => classesOf(node).includes('docx-title')) ?? top.find(({ node }) => node.tagName === 'h1');
  if (title && textOf(title.node)) {
    // A note on the title ("Report[1]") keeps its words, not its number.
    for (const { node, parent } of elementsWithParents(title.node)) if (node.tagName === 'a' && attribute(node, 'href').startsWith('#')) replaceNode(parent, node, []);
    parts.title = cutAtWord(textOf(title.node), titleMax);
    replaceNode(tree, title.node, []);
  }
  const subtitle = top.find(({ node }) => classesOf(node).includes('docx-subtitle'));
  const first = top.find(({ node }) => node.tagName === 'p' && textOf(node) !== '' && node !== title?.node);
  const lead = subtitle ?? (first && plainParagraph(first.node) ? first : undefined);
  if (lead && textOf(lead.node) && textOf(lead.node).length <= leadMax) {
    parts.lead = textOf(lead.node);
    replaceNode(tree, lead.node, []);
  }
  // Another paragraph in the title or subtitle style is an ordinary one.
  for (const { node } of top) if (classesOf(node).some((c) => c === 'docx-title' || c === 'docx-subtitle')) node.properties = {};
}

/** mammoth's warnings, in the editor's words: styles it did not know are gathered in one note; the rest as mammoth says them. */
function mammothNotes(messages: Array<{ type: string; message: string }>): string[] {
  const styles = new Set<string>();
  const others = new Set<string>();
  for (const { message } of messages) {
    const style = /^Unrecognised (?:paragraph|run|table) style: '([^']*)'(?: \(Style ID: ([^)]*)\))?/.exec(message);
    if (style) styles.add(style[1] === 'null' || !style[1] ? (style[2] ?? 'unnamed') : style[1]);
    else if (/style with ID .* was referenced but not defined/.test(message)) continue;
    else if (!/^An unrecognised element was ignored: (?:m:oMath|m:oMathPara|w:object)/.test(message)) others.add(message);
  }
  const notes = [...others].map((message) => `Word conversion: ${message}`);
  if (styles.size > 0) notes.unshift(`Styles without a meaning on the site (${[...styles].join(', ')}) were read as ordinary text.`);
  return notes;
}
