/**
 * Ghost's cards as its HTML shows them, reshaped on the HTML tree before the shared converter reads it. Most cards
 * need nothing (image, gallery, code, HTML, Markdown, header, product and button cards are plain HTML inside); these
 * do: a bookmark is a link with the page's title, not a thumbnail and blurbs; an audio or video card is a link to
 * its file with its title, not a player's buttons and timers; a file card a link named by the file's title; a
 * callout is a quotation; a toggle its heading, then
 * its content; a sign-up card a form for the live site, which is left out.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { ContentReport } from '../html-to-markdown.ts';
import { attribute, element, elementsNamed, elementsWithParents, hasClass, isElement, replaceNode, text, textOf, type Parent } from '../html-to-markdown-tree.ts';

/** The first element under `node` with the class, if any. */
const find = (node: Element, className: string) => elementsWithParents(node).find(({ node: n }) => hasClass(n, className))?.node;

const captionParagraphs = (card: Element): Element[] =>
  elementsNamed(card, 'figcaption')
    .filter(({ node }) => textOf(node) !== '')
    .map(({ node }) => element('p', {}, node.children));

function bookmark(card: Element): ElementContent[] {
  const container = find(card, 'kg-bookmark-container');
  const href = container ? attribute(container, 'href') : '';
  if (!href) return captionParagraphs(card);
  const title = find(card, 'kg-bookmark-title');
  const label = (title && textOf(title)) || href;
  return [element('p', {}, [element('a', { href }, [text(label)])]), ...captionParagraphs(card)];
}

/** A player's file as a link named by its title, or else by its caption (then not repeated), or else its address. */
function player(card: Element, kind: 'audio' | 'video', report: ContentReport): ElementContent[] {
  const source = elementsNamed(card, kind)
    .map(({ node }) => attribute(node, 'src'))
    .find(Boolean);
  if (!source) return captionParagraphs(card);
  report.addMedia(source, kind);
  report.warn(`The ${kind} ${source} was kept as a link (Rostrum shows no ${kind} player).`);
  const title = find(card, `kg-${kind}-title`);
  const captions = captionParagraphs(card);
  const label = (title && textOf(title)) || (captions[0] && textOf(captions.shift()!)) || source;
  return [element('p', {}, [element('a', { href: source }, [text(label)])]), ...captions];
}

/** A file card: a link named by the file's title (or name), then its caption. */
function file(card: Element): ElementContent[] {
  const container = find(card, 'kg-file-card-container');
  const href = container ? attribute(container, 'href') : '';
  const named = [find(card, 'kg-file-card-title'), find(card, 'kg-file-card-filename')].map((n) => (n ? textOf(n) : '')).find(Boolean);
  const caption = find(card, 'kg-file-card-caption');
  const captionParagraph = caption && textOf(caption) ? [element('p', {}, caption.children)] : [];
  if (!href) return captionParagraph;
  return [element('p', {}, [element('a', { href }, [text(named || href)])]), ...captionParagraph];
}

function callout(card: Element): ElementContent[] {
  const emoji = find(card, 'kg-callout-emoji');
  const content = find(card, 'kg-callout-text');
  const words: ElementContent[] = [...(emoji ? [text(`${textOf(emoji)} `)] : []), ...(content?.children ?? [])];
  return [element('blockquote', {}, [element('p', {}, words)])];
}

function toggle(card: Element): ElementContent[] {
  const heading = find(card, 'kg-toggle-heading-text');
  const content = find(card, 'kg-toggle-content');
  return [...(heading ? [element('p', {}, [element('strong', {}, heading.children)])] : []), ...(content?.children ?? [])];
}

function reshapeCard(card: Element, report: ContentReport): ElementContent[] | undefined {
  if (hasClass(card, 'kg-bookmark-card')) return bookmark(card);
  if (hasClass(card, 'kg-audio-card')) return player(card, 'audio', report);
  if (hasClass(card, 'kg-video-card')) return player(card, 'video', report);
  if (hasClass(card, 'kg-file-card')) return file(card);
  if (hasClass(card, 'kg-callout-card')) return callout(card);
  if (hasClass(card, 'kg-toggle-card')) return toggle(card);
  if (hasClass(card, 'kg-signup-card')) {
    report.warn('A members sign-up card (a form for the live Ghost site) was left out.');
    return [];
  }
  if (hasClass(card, 'kg-embed-card') && elementsNamed(card, 'iframe').length === 0) {
    report.warn('An embed card without a frame (a post from another site, shown by its script) was kept as the text it held.');
  }
  return undefined;
}

export function reshapeGhostCards(tree: Root, report: ContentReport): void {
  const cards = elementsWithParents(tree).filter(({ node }) => hasClass(node, 'kg-card'));
  // Innermost first, so that replacing a card never strands one inside it.
  for (const { node, parent } of cards.reverse()) {
    const replacement = reshapeCard(node, report);
    if (replacement) replaceNode(parent as Parent, node, replacement);
  }
}

export const isGhostCard = (node: Element) => isElement(node) && hasClass(node, 'kg-card');
