/**
 * HTML shapes that Markdown has no word for, reshaped into ones it has: a captioned image becomes Rostrum's figure
 * (an image alone in its paragraph, its title the caption), a gallery one figure per image, a table without a
 * header row gets its first row as header (a pipe table must have one), a table's <caption> a paragraph.
 */
import type { Element, ElementContent, Root } from 'hast';
import { attribute, childElements, element, elementsNamed, isBlank, isElement, replaceNode, textOf, type Parent } from './html-to-markdown-tree.ts';
import { mediaKindOf } from './html-to-markdown-report.ts';

export function reshapeForMarkdown(root: Root): void {
  settleFigures(root);
  unwrapImageLists(root);
  settleTables(root);
}

/** Innermost first, so that a gallery's own figures are settled before the gallery. */
function settleFigures(root: Root): void {
  for (const { node, parent } of elementsNamed(root, 'figure').reverse()) settleFigure(node, parent);
}

function settleFigure(figure: Element, parent: Parent): void {
  const captions = figure.children.filter((c): c is Element => isElement(c, 'figcaption'));
  const content = figure.children.filter((c) => !captions.includes(c as Element));
  const caption = captions
    .map((c) => textOf(c))
    .join(' ')
    .trim();
  const holder = element('div', {}, content);
  const images = elementsNamed(holder, 'img');
  if (images.length === 1 && textOf(holder) === '') {
    replaceNode(parent, figure, [element('p', {}, [captionedImage(images[0]!.node, holder, caption)])]);
    return;
  }
  // Anything else (a table, a quotation, a gallery, an embed): its content, then its caption as a paragraph.
  const captionParagraphs = captions.filter((c) => textOf(c) !== '').map((c) => element('p', {}, c.children));
  replaceNode(parent, figure, [...content, ...captionParagraphs]);
}

/** The image with its caption as title, inside the link around it unless that link only opens the image itself. */
function captionedImage(image: Element, holder: Element, caption: string): Element {
  image.properties = { ...image.properties, ...(caption ? { title: caption } : {}) };
  const link = elementsNamed(holder, 'a').find(({ node }) => node.children.filter((c) => !isBlank(c)).every((c) => c === image));
  if (!link || opensImageItself(attribute(link.node, 'href'), attribute(image, 'src'))) return image;
  return element('a', link.node.properties, [image]);
}

/** WordPress links images to their own file or attachment page; such a link adds nothing to a figure. */
function opensImageItself(href: string, src: string): boolean {
  const withoutQuery = (url: string) => url.replace(/[?#].*$/, '');
  return withoutQuery(href) === withoutQuery(src) || mediaKindOf(href) === 'image' || /[?&]attachment_id=|\/attachment\//.test(href);
}

/** Whether an element holds images and nothing else a reader sees (a gallery item). */
function holdsOnlyImages(node: Element): boolean {
  return textOf(node) === '' && elementsNamed(node, 'img').length > 0;
}

/** Galleries written as lists (WordPress's older gallery block): each item's images as paragraphs of their own. */
function unwrapImageLists(root: Root): void {
  for (const { node, parent } of elementsNamed(root, 'ul', 'ol').reverse()) {
    const items = childElements(node);
    if (items.length === 0 || !items.every((item) => item.tagName === 'li' && holdsOnlyImages(item))) continue;
    replaceNode(
      parent,
      node,
      items.flatMap((item) => item.children),
    );
  }
}

function settleTables(root: Root): void {
  for (const { node, parent } of elementsNamed(root, 'table')) {
    promoteHeaderRow(node);
    const captions = childElements(node).filter((c) => c.tagName === 'caption');
    if (captions.length === 0) continue;
    node.children = node.children.filter((c) => !captions.includes(c as Element));
    const paragraphs: ElementContent[] = captions.filter((c) => textOf(c) !== '').map((c) => element('p', {}, c.children));
    const index = parent.children.indexOf(node);
    parent.children.splice(index + 1, 0, ...paragraphs);
  }
}

/**
 * A pipe table must have a header row; without one the converter would add an empty one, which shows as a blank
 * bar on top of the table. The first row reads better as the header: it usually names the columns.
 */
function promoteHeaderRow(table: Element): void {
  const first = elementsNamed(table, 'tr')[0]?.node;
  if (!first || elementsNamed(table, 'thead').length > 0) return;
  const cells = childElements(first);
  if (cells.some((cell) => cell.tagName === 'th')) return;
  for (const cell of cells) if (cell.tagName === 'td') cell.tagName = 'th';
}
