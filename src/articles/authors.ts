import type { Kysely } from 'kysely';
import type { Database, Db } from '../schema.ts';

/** The most experts one article may name: a byline, not a list of contributors. */
export const maxAuthors = 12;

/**
 * An article's authors in byline order: the expert whose blog it is on, then its co-authors. The lead
 * is what `articles.expert_id` says, so that the article's address and every query that knew one
 * expert per article stay as they were; the co-authors are kept beside it.
 */
export function authorIds(article: { expertId: number }, coauthorIds: readonly number[] = []): number[] {
  return [article.expertId, ...coauthorIds.filter((id) => id !== article.expertId)];
}

/** Each article's co-authors (not its lead), in byline order; articles without any are absent. */
export async function coauthorIdsByArticle({ db }: Db, articleIds: readonly number[]): Promise<Map<number, number[]>> {
  const byArticle = new Map<number, number[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('articleCoauthors')
    .select(['articleId', 'expertId'])
    .where('articleId', 'in', [...new Set(articleIds)])
    .orderBy('articleId')
    .orderBy('position')
    .execute();
  for (const row of rows) byArticle.set(row.articleId, [...(byArticle.get(row.articleId) ?? []), row.expertId]);
  return byArticle;
}

export async function coauthorIdsOf(handle: Db, articleId: number): Promise<number[]> {
  return (await coauthorIdsByArticle(handle, [articleId])).get(articleId) ?? [];
}

/** Every expert named on the article, the lead first; empty when there is no such article. */
export async function articleExpertIds(handle: Db, articleId: number): Promise<number[]> {
  const row = await handle.db.selectFrom('articles').select('expertId').where('id', '=', articleId).executeTakeFirst();
  return row ? authorIds(row, await coauthorIdsOf(handle, articleId)) : [];
}

/** Whether the expert co-wrote any article (as other than its lead): their blog then lists those too. */
export async function hasCoauthored({ db }: Db, expertId: number): Promise<boolean> {
  return (await db.selectFrom('articleCoauthors').select('articleId').where('expertId', '=', expertId).limit(1).executeTakeFirst()) !== undefined;
}

/** Ids of the articles the expert co-wrote, for the queries that list a blog. */
export function coauthoredArticleIds(db: Kysely<Database>, expertId: number) {
  return db.selectFrom('articleCoauthors').select('articleCoauthors.articleId').where('articleCoauthors.expertId', '=', expertId);
}

/** Replaces the article's co-authors, inside the saving transaction; the lead is never its own co-author. */
export async function replaceCoauthors(db: Kysely<Database>, articleId: number, leadId: number, coauthorIds: readonly number[]): Promise<void> {
  await db.deleteFrom('articleCoauthors').where('articleId', '=', articleId).execute();
  const ids = [...new Set(coauthorIds)].filter((id) => id !== leadId);
  if (ids.length)
    await db
      .insertInto('articleCoauthors')
      .values(ids.map((expertId, i) => ({ articleId, expertId, position: i + 1 })))
      .execute();
}

/** The co-written articles an expert is on, as lead or co-author: what a change of their name reaches beyond their own. */
export async function coWrittenArticleIdsOf({ db }: Db, expertId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articleCoauthors')
    .innerJoin('articles', 'articles.id', 'articleCoauthors.articleId')
    .select('articleCoauthors.articleId')
    .where((eb) => eb.or([eb('articleCoauthors.expertId', '=', expertId), eb('articles.expertId', '=', expertId)]))
    .distinct()
    .execute();
  return rows.map((r) => r.articleId);
}
