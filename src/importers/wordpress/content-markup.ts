/**
 * WordPress's own markup that the shared converter would misread, put right on the HTML tree: a caption as
 * WordPress renders it (`div.wp-caption` with `p.wp-caption-text`, often pasted from a live page) is a figure;
 * a file block's "Download" button and its inline PDF viewer repeat the link to the file; a link from an image to
 * its attachment page (a WordPress page showing that image alone) leads nowhere once the site has moved.
 */
import type { Element, Root } from 'hast';
import { attribute, elementsWithParents, hasClass, isBlank, removeNode, replaceNode } from '../html-to-markdown-tree.ts';

export function correctWordPressMarkup(tree: Root): void {
  for (const { node, parent } of elementsWithParents(tree)) {
    if (hasClass(node, 'wp-caption') && node.tagName === 'div') node.tagName = 'figure';
    else if (hasClass(node, 'wp-caption-text')) node.tagName = 'figcaption';
    else if (hasClass(node, 'wp-block-file__button') || hasClass(node, 'wp-block-file__embed')) removeNode(parent, node);
    else if (node.tagName === 'a' && linksToAttachmentPage(node)) replaceNode(parent, node, node.children);
  }
}

/** The classic editor marks such links rel="attachment wp-att-N"; the gallery block gives the image data-link. */
function linksToAttachmentPage(link: Element): boolean {
  if (/\battachment\b/.test(attribute(link, 'rel'))) return true;
  const content = link.children.filter((c) => !isBlank(c));
  const only = content.length === 1 ? content[0] : undefined;
  const image = only?.type === 'element' && only.tagName === 'img' ? only : undefined;
  return image !== undefined && attribute(image, 'dataLink') !== '' && attribute(image, 'dataLink') === attribute(link, 'href');
}

/**
 * Whether a link points at an upload of the WordPress site: `/wp-content/uploads/` (and the `/files/2012/03/` of old
 * multisite installs), or WordPress.com's file host.
 */
export function isWordPressUpload(url: string): boolean {
  try {
    const { hostname, pathname } = new URL(url, 'http://relative.invalid');
    return pathname.includes('/wp-content/uploads/') || /\/files\/\d{4}\/\d{2}\//.test(pathname) || hostname.endsWith('.files.wordpress.com');
  } catch {
    return false;
  }
}
