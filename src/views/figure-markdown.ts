/**
 * The Markdown of a body figure, `![alt](/media/<hash>/<width>.jpg "Caption")`, written the same by the
 * server (the media library's page) and the editor's script, which bundles this file alone. Line breaks
 * would end the image, so they become spaces; brackets and backslashes in the alt text, and quotation
 * marks and backslashes in the caption, are escaped so that Markdown reads them back as typed.
 */
export function figureMarkdown(figure: { src: string; alt: string; caption: string }): string {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const alt = oneLine(figure.alt).replace(/[\\[\]]/g, (c) => `\\${c}`);
  const caption = oneLine(figure.caption).replace(/[\\"]/g, (c) => `\\${c}`);
  return `![${alt}](${figure.src}${caption ? ` "${caption}"` : ''})`;
}

/**
 * An image in a body must be one of the site's own (`/media/<hash>/800.jpg`): the CSP blocks other
 * sites' images, which would show as broken pictures and shift the layout. A root-relative path
 * only; `//host/x`, `/\\host/x`, `https:`, `data:` and path-relative sources are dropped with their tag
 * by the sanitizer (markdown.ts), and the editor says so (imageAddressProblem).
 */
export const isOwnImage = (src: string | undefined) => src !== undefined && /^\/(?![/\\])/.test(src);

/** Why an image address cannot be shown on the site; undefined for the site's own. */
export type ImageAddressProblem = 'outside' | 'data' | 'relative';

/**
 * What the sanitizer does with an image address: keeps it (the site's own, root-relative), or drops it
 * because it is another site's (`https:`, `//host`), written into the text (`data:`), or relative to a
 * page that is not this site's (`images/chart.png`, what a copy from elsewhere leaves).
 */
export function imageAddressProblem(src: string): ImageAddressProblem | undefined {
  if (isOwnImage(src)) return undefined;
  if (/^data:/i.test(src.trim())) return 'data';
  if (/^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})/i.test(src.trim())) return 'outside';
  return 'relative';
}

/** Why such an image is not shown, in the editor's words (the server's list and the script's say the same). */
export const imageProblemReasons: Record<ImageAddressProblem, string> = {
  outside:
    'It is on another site. The site shows only images it serves itself, so that readers’ browsers ask no other site for anything (their privacy) and no one else’s server can break or shift the page.',
  data: 'It is written into the text itself (a data: address). Images are kept in the media library, with their sizes and the variants every screen needs.',
  relative: 'Its address is relative to a page elsewhere and leads to no image on this site.',
};

/** The images a body's Markdown names that the site will not show: what the editor lists. */
export interface UnshownImage {
  src: string;
  alt: string;
  problem: ImageAddressProblem;
}
