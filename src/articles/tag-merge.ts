import type { Db } from '../schema.ts';
import { tagMerged } from '../tags/store.ts';
import { articleSaved } from './store.ts';

/**
 * A tag merged into another: the articles that carried it carry the target instead, once each (an article
 * that had both keeps one link), and each is announced as saved, so that search indexes it under the
 * target's name in the same transaction. The merged tag's own link rows go with the tag.
 */
export async function moveArticlesToMergedTag(handle: Db, fromId: number, intoId: number): Promise<void> {
  const { db } = handle;
  const moved = (await db.selectFrom('articleTags').select('articleId').where('tagId', '=', fromId).orderBy('articleId').execute()).map((r) => r.articleId);
  if (moved.length === 0) return;
  await db
    .insertInto('articleTags')
    .columns(['articleId', 'tagId'])
    .expression((eb) =>
      eb
        .selectFrom('articleTags as source')
        .select((s) => ['source.articleId', s.val(intoId).as('tagId')])
        .where('source.tagId', '=', fromId)
        .where((w) => w.not(w.exists(w.selectFrom('articleTags as already').select('already.articleId').whereRef('already.articleId', '=', 'source.articleId').where('already.tagId', '=', intoId)))),
    )
    .execute();
  await db.deleteFrom('articleTags').where('tagId', '=', fromId).execute();
  for (const articleId of moved) await articleSaved.notify(handle, articleId);
}

/** Called once per process by composeCapabilities (src/compose.ts). */
export function moveArticlesWhenTagsMerge(): void {
  tagMerged.observe(moveArticlesToMergedTag);
}
