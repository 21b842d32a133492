/**
 * The first pass over an imported body: what must not reach Rostrum is taken out (scripts, styles, forms, unsafe
 * links), what Markdown cannot show becomes something it can (a frame or a player becomes a link to its source),
 * and every image and file of the old site is noted, and moved to its new address when the importer knows it.
 */
import type { Element, Root } from 'hast';
import { attribute, element, hasClass, replaceNode, text, textOf, walkElements, type Parent } from './html-to-markdown-tree.ts';
import { mediaKindOf, type ContentReport } from './html-to-markdown-report.ts';

export interface CleanOptions {
  report: ContentReport;
  /** Where an image of the old site lives now (a /media/... path), or undefined when it was not brought over. */
  imageAddress?: (url: string) => string | undefined;
  /** Whether a link points at a file of the old site (an upload) that the importer should bring over. */
  isSiteFile?: (url: string) => boolean;
  /** Whether an image's title is its caption (in Rostrum's own HTML) rather than a tooltip (everywhere else). */
  titlesAreCaptions?: boolean;
}

/** Left out with everything inside, without a word: they carry no content a reader saw. */
const invisible = new Set(['style', 'template', 'head', 'meta', 'link', 'title', 'noscript', 'svg', 'canvas', 'map', 'param', 'source', 'track', 'datalist', 'dialog']);

/** Form controls: a static page cannot use them, and their labels make no sense without them. */
const formControls = new Set(['input', 'button', 'select', 'option', 'optgroup', 'textarea', 'label', 'output', 'meter', 'progress']);

const frames = new Set(['iframe', 'embed', 'object', 'frame', 'applet']);

const safeSchemes = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * The scheme of a URL as a browser reads it: browsers ignore control characters and spaces inside a URL, so
 * `java\nscript:` is still javascript. Undefined for relative URLs.
 */
export function schemeOf(url: string): string | undefined {
  const compact = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

const isSafeUrl = (url: string) => {
  const scheme = schemeOf(url);
  return scheme === undefined || safeSchemes.has(scheme);
};

const isWebUrl = (url: string) => ['http', 'https'].includes(schemeOf(url) ?? '');

export function cleanTree(root: Root, options: CleanOptions): void {
  removeComments(root);
  walkElements(root, (node, parent) => cleanElement(node, parent, options));
}

/** Comments carry nothing a reader saw (WordPress's <!--more-->, Ghost's card markers); Markdown would show them. */
function removeComments(root: Root): void {
  const pending: Parent[] = [root];
  while (pending.length > 0) {
    const parent = pending.pop()!;
    parent.children = parent.children.filter((child) => child.type !== 'comment') as Parent['children'];
    for (const child of parent.children) if (child.type === 'element') pending.push(child);
  }
}

/**
 * Links to uploads of the old site, once the figures are settled (a link that only opened its image is gone by
 * then): each is noted as media, and one to an image follows the image to its new address.
 */
export function noteLinkedFiles(root: Root, options: CleanOptions): void {
  walkElements(root, (node) => {
    if (node.tagName === 'a') node.properties.href = siteFileAddress(attribute(node, 'href'), options);
  });
}

function cleanElement(node: Element, parent: Parent, options: CleanOptions): boolean | void {
  const { report } = options;
  const name = node.tagName;
  if (invisible.has(name) || formControls.has(name)) return drop(node, parent);
  if (name === 'script') {
    report.warn('Scripts were left out.');
    return drop(node, parent);
  }
  if (name === 'form') {
    report.warn('A form was left out (its fields cannot work in an article).');
    return drop(node, parent);
  }
  if (frames.has(name)) return frameToLink(node, parent, report);
  if (name === 'audio' || name === 'video') return playerToLink(node, parent, report);
  if (name === 'img') return cleanImage(node, parent, options);
  if (name === 'a') return cleanLink(node, options);
  if (name === 'h1') node.tagName = 'h2'; // The page's title is the h1; a body starts at level 2.
  if (name === 'dl' || name === 'dd') node.tagName = 'div'; // Markdown has no definition list: term in bold, then its text.
  if (name === 'dt') return boldTerm(node);
  if (name === 'cite' && parent.type === 'element' && parent.tagName === 'blockquote') quoteSource(node);
}

/** Containers of blocks: a link put in one of them for a frame or player stands in a paragraph of its own. */
const flowContainers = new Set(['div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'figure', 'blockquote', 'li', 'dd', 'details', 'center', 'body']);

/** A link that replaces a frame or a player: a paragraph of its own unless it stood in running text. */
function linkInPlaceOf(node: Element, parent: Parent, href: string, label: string): false {
  const link = element('a', { href }, [text(label)]);
  const standsAlone = parent.type === 'root' || flowContainers.has(parent.tagName);
  replaceNode(parent, node, [standsAlone ? element('p', {}, [link]) : link]);
  return false;
}

function drop(node: Element, parent: Parent): false {
  replaceNode(parent, node, []);
  return false;
}

/** An embedded frame (a video player, a map, a tweet) becomes a link to what it showed. */
function frameToLink(node: Element, parent: Parent, report: ContentReport): false {
  const source = attribute(node, 'src') || attribute(node, 'data');
  if (!isWebUrl(source)) {
    report.warn(`An embedded ${node.tagName} without a web address was left out.`);
    return drop(node, parent);
  }
  report.warn(`Embedded content from ${source} was kept as a link.`);
  return linkInPlaceOf(node, parent, source, attribute(node, 'title') || source);
}

/** The first source a player names: its own src, or its first <source>. */
function playerSource(node: Element): string {
  const own = attribute(node, 'src');
  if (own) return own;
  const source = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'source' && attribute(c, 'src') !== '');
  return source ? attribute(source, 'src') : '';
}

/** An audio or video player becomes a link to its file, which the importer is told about. */
function playerToLink(node: Element, parent: Parent, report: ContentReport): false {
  const source = playerSource(node);
  const kind = node.tagName === 'audio' ? 'audio' : 'video';
  if (!source || !isSafeUrl(source)) {
    report.warn(`An ${kind} player without a usable address was left out.`);
    return drop(node, parent);
  }
  report.addMedia(source, kind);
  report.warn(`The ${kind} ${source} was kept as a link (Rostrum shows no ${kind} player).`);
  return linkInPlaceOf(node, parent, source, source);
}

/** Where a lazy-loading plugin hid the real address, when `src` is only a placeholder. */
function imageSource(node: Element): string {
  const src = attribute(node, 'src').trim();
  if (src && schemeOf(src) !== 'data') return src;
  return (attribute(node, 'dataSrc') || attribute(node, 'dataLazySrc') || src).trim();
}

function cleanImage(node: Element, parent: Parent, options: CleanOptions): false {
  const { report } = options;
  // WordPress's smilies and emoji are pictures of characters: the character is in the alt text.
  if (hasClass(node, 'wp-smiley') || hasClass(node, 'emoji')) {
    replaceNode(parent, node, [text(attribute(node, 'alt'))]);
    return false;
  }
  const source = imageSource(node);
  if (!source || !isSafeUrl(source) || schemeOf(source) === 'data') {
    report.warn('An image without a web address (missing, or embedded in the page as data) was left out.');
    return drop(node, parent);
  }
  report.addMedia(source, 'image');
  // In Rostrum's Markdown an image's title is its caption: a title attribute (WordPress fills it with the file
  // name) is not one. Captions are given by the figure step, which runs after this one.
  const title = options.titlesAreCaptions ? attribute(node, 'title') : '';
  node.properties = { src: movedAddress(source, options) ?? source, alt: attribute(node, 'alt'), ...(title ? { title } : {}) };
  return false;
}

/** The image's new address; a warning when the importer looked for it and did not find it. */
function movedAddress(source: string, options: CleanOptions): string | undefined {
  if (!options.imageAddress) return undefined;
  const address = options.imageAddress(source);
  if (address === undefined) options.report.warn(`The image ${source} was not found among the imported media; its original address was kept.`);
  return address;
}

function cleanLink(node: Element, options: CleanOptions): void {
  const href = attribute(node, 'href').trim();
  if (!href || !isSafeUrl(href)) {
    if (href) options.report.warn(`A link to ${schemeOf(href)}: was removed; its text was kept.`);
    node.tagName = 'span'; // its content stays, as text
    node.properties = {};
    return;
  }
  node.properties = { href, ...(attribute(node, 'title') ? { title: attribute(node, 'title') } : {}) };
}

/** A link to an upload of the old site is noted as media; a linked image follows the image to its new address. */
function siteFileAddress(href: string, options: CleanOptions): string {
  if (!options.isSiteFile?.(href)) return href;
  const kind = mediaKindOf(href);
  const firstMention = options.report.addMedia(href, kind);
  if (kind === 'image') return options.imageAddress?.(href) ?? href;
  // Once per file: a player already said its file was kept as a link.
  if (firstMention) options.report.warn(`The link to the ${kind} ${href} on the old site was kept as it was.`);
  return href;
}

function boldTerm(node: Element): void {
  node.tagName = 'p';
  node.children = [element('strong', {}, node.children)];
}

/** A quotation's source, set on a line of its own after the quotation: "— Name". */
function quoteSource(node: Element): void {
  node.tagName = 'p';
  node.properties = {};
  if (textOf(node)) node.children.unshift(text('— '));
}
