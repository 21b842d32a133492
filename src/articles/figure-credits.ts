import type { Db } from '../schema.ts';
import { getMediaById } from '../media/store.ts';
import { imageDescribed } from '../media/described.ts';
import { articleSaved, type Article } from './store.ts';
import { renderArticleBody } from './body-html.ts';

/**
 * The articles (of any status) whose body shows this image: their Markdown names its address,
 * `/media/<hash>/…`. A scan of the bodies, but only when an image's description changes, which is rare;
 * the hash is hex, so it needs no escaping in the pattern.
 */
export async function articlesWithFigure({ db }: Db, hash: string): Promise<Array<Pick<Article, 'id' | 'expertId' | 'status'>>> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return [];
  return db.selectFrom('articles').select(['id', 'expertId', 'status']).where('bodyMarkdown', 'like', `%/media/${hash}/%`).orderBy('id').execute();
}

/**
 * A figure's credit (and, without alt text of its own, its alt text) comes from the library when the
 * body is rendered at save. When the image is described anew, every body that shows it is rendered again
 * in the same transaction (no new revision: the Markdown is unchanged), and search sees the new text.
 */
async function renderBodiesShowing(handle: Db, mediaId: number): Promise<void> {
  const media = await getMediaById(handle, mediaId);
  if (!media) return;
  for (const { id } of await articlesWithFigure(handle, media.hash)) {
    const article = await handle.db.selectFrom('articles').select(['bodyMarkdown', 'language']).where('id', '=', id).executeTakeFirst();
    if (!article) continue;
    const bodyHtml = await renderArticleBody(handle, article.bodyMarkdown, article.language);
    await handle.db.updateTable('articles').set({ bodyHtml }).where('id', '=', id).execute();
    await articleSaved.notify(handle, id);
  }
}

/** Keeps figures' credits current: wired when the process composes itself (media-usage.ts). */
export function keepFigureCreditsCurrent(): void {
  imageDescribed.observe(renderBodiesShowing);
}
