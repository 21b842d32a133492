import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { Article } from './store.ts';

/**
 * An article's versions in other languages. Versions share a translation group, named by the id of the
 * first article of the group (ids are never reused, so a group outlives its first article); the database
 * keeps one version per language in a group.
 */

export interface TranslationLink {
  id: number;
  language: string;
  expertId: number;
  slug: string;
  title: string;
  status: Article['status'];
  publishedAt: string | null;
}

/** The other versions of an article, of any status; none when it has no group. */
export async function translationsOf({ db }: Db, article: Pick<Article, 'id' | 'translationGroup'>): Promise<TranslationLink[]> {
  if (article.translationGroup === null) return [];
  return db
    .selectFrom('articles')
    .select(['id', 'language', 'expertId', 'slug', 'title', 'status', 'publishedAt'])
    .where('translationGroup', '=', article.translationGroup)
    .where('id', '!=', article.id)
    .orderBy('language')
    .execute();
}

/** The published versions readers can follow: published, and their time come. */
export async function publishedTranslationsOf(handle: Db, article: Pick<Article, 'id' | 'translationGroup'>): Promise<TranslationLink[]> {
  const now = nowIso();
  return (await translationsOf(handle, article)).filter((t) => t.status === 'published' && t.publishedAt !== null && t.publishedAt <= now);
}

/** The version of the group in a language, if there is one besides `exceptId`. */
export async function versionInLanguage({ db }: Db, group: number, language: string, exceptId?: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('translationGroup', '=', group)
    .where('language', '=', language)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .executeTakeFirst();
  return row?.id;
}

/** Puts `articleId` in the group of `source` (making the group, named by the source's id, when it has none). */
export async function joinTranslationGroup({ db }: Db, source: Pick<Article, 'id' | 'translationGroup'>, articleId: number): Promise<number> {
  const group = source.translationGroup ?? source.id;
  // The source is written too, even when it had the group: leaving a group may just have dissolved it.
  await db.updateTable('articles').set({ translationGroup: group }).where('id', 'in', [source.id, articleId]).execute();
  return group;
}

/** Takes an article out of its group; the group is then settled (see settleGroup). */
export async function leaveTranslationGroup(handle: Db, article: Pick<Article, 'id' | 'translationGroup'>): Promise<void> {
  if (article.translationGroup === null) return;
  await handle.db.updateTable('articles').set({ translationGroup: null }).where('id', '=', article.id).execute();
  await settleGroup(handle, article.translationGroup);
}

/**
 * Keeps a group named by one of its own versions after one left or was deleted: a group left with one
 * version is no group, and a group whose first version is gone takes the id of its oldest remaining one.
 * Otherwise the departed article would still name the others' group, and linking it again (or anything to
 * it) would put it back among them.
 */
export async function settleGroup({ db }: Db, group: number): Promise<void> {
  const members = await db.selectFrom('articles').select('id').where('translationGroup', '=', group).orderBy('id').execute();
  if (members.length === 1) await db.updateTable('articles').set({ translationGroup: null }).where('id', '=', members[0]!.id).execute();
  else if (members.length > 1 && members[0]!.id !== group) await db.updateTable('articles').set({ translationGroup: members[0]!.id }).where('translationGroup', '=', group).execute();
}
