import type { Db } from '../schema.ts';
import { getMediaByHashes } from '../media/library.ts';
import { pictureView } from '../media/store.ts';
import { isEditionLanguage } from '../views/i18n/languages.ts';
import { translate } from '../views/i18n/locale.ts';
import { imagesInMarkdown, mediaHashOf, renderMarkdown, type BodyFigures } from '../views/markdown.ts';

/**
 * What a body's figures are drawn with: the stored images its Markdown names, with their variants and
 * credit, and "Source:" in the article's language. Read with the save's own handle, so a figure
 * uploaded in the same transaction is found.
 */
export async function bodyFiguresFor(handle: Db, markdown: string, language: string): Promise<BodyFigures> {
  const hashes = imagesInMarkdown(markdown).flatMap((image) => mediaHashOf(image.src) ?? []);
  const media = await getMediaByHashes(handle, hashes);
  const images = new Map([...media].map(([hash, item]) => [hash, pictureView(item)]));
  return { images, creditLabel: translate(isEditionLanguage(language) ? language : 'en', 'picture.source') };
}

/**
 * An article's body as it is stored and shown: rendered once, at save (and by the editor's preview),
 * with the media library's figures drawn from what the library holds at that moment. When an image's
 * credit changes later, figure-credits.ts renders again the bodies that show it.
 */
export async function renderArticleBody(handle: Db, markdown: string, language: string): Promise<string> {
  return renderMarkdown(markdown, await bodyFiguresFor(handle, markdown, language));
}
