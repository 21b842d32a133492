import { sql, type Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugify } from '../db/slug.ts';
import { nowIso } from '../db/time.ts';
import { insertWithSlug, isUniqueViolation, SlugTakenError } from '../db/errors.ts';
import type { Cursor } from '../http/cursor.ts';
import { renderMarkdown } from './markdown.ts';
import type { ArticleStatus, ArticlesTable } from './tables.ts';

export type Article = Selectable<ArticlesTable>;
/** An article without its bodies, for listings. */
export type ArticleSummary = Omit<Article, 'bodyMarkdown' | 'bodyHtml'>;
/** What a reader's page shows: everything but the Markdown source. */
export type PageArticle = Omit<Article, 'bodyMarkdown'>;

export interface ArticleInput {
  expertId: number;
  title: string;
  lead: string;
  bodyMarkdown: string;
  slug?: string;
  heroMediaId?: number | null;
  status: ArticleStatus;
  publishedAt?: string | null;
  language?: string;
  featured?: boolean;
  pollId?: number | null;
  tagIds?: number[];
}

const summaryColumns = [
  'id', 'expertId', 'slug', 'title', 'lead', 'heroMediaId', 'status', 'language', 'featured', 'pollId', 'publishedAt', 'createdAt', 'updatedAt',
] as const;

/** The id of an expert's article (of any status) with this slug, if there is one. */
export async function findArticleId({ db }: Db, expertId: number, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('articles').select('id').where('expertId', '=', expertId).where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function articleSlugTaken(handle: Db, expertId: number, slug: string): Promise<boolean> {
  return (await findArticleId(handle, expertId, slug)) !== undefined;
}

/** A published article keeps the time it first went out; publishing without a time means now. */
function publicationTime(status: ArticleStatus, requested: string | null | undefined, previous: string | null): string | null {
  if (requested !== undefined && requested !== null) return requested;
  if (status === 'published') return previous ?? nowIso();
  return requested === null ? null : previous;
}

/** Creates an article; a chosen slug that is taken throws SlugTakenError. Featuring it unfeatures the others. */
export async function createArticle(handle: Db, input: ArticleInput): Promise<Article> {
  const now = nowIso();
  return insertWithSlug({ chosen: input.slug, base: slugify(input.title), isTaken: (s) => articleSlugTaken(handle, input.expertId, s) }, (slug) =>
    handle.db.transaction().execute(async (trx) => {
      if (input.featured) await trx.updateTable('articles').set({ featured: 0 }).where('featured', '=', 1).execute();
      const article = await trx
        .insertInto('articles')
        .values({
          expertId: input.expertId,
          slug,
          title: input.title,
          lead: input.lead,
          bodyMarkdown: input.bodyMarkdown,
          bodyHtml: renderMarkdown(input.bodyMarkdown),
          heroMediaId: input.heroMediaId ?? null,
          status: input.status,
          language: input.language ?? 'en',
          featured: input.featured ? 1 : 0,
          pollId: input.pollId ?? null,
          publishedAt: publicationTime(input.status, input.publishedAt, null),
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.tagIds?.length) {
        await trx.insertInto('articleTags').values([...new Set(input.tagIds)].map((tagId) => ({ articleId: article.id, tagId }))).execute();
      }
      return article;
    }),
  );
}

export async function updateArticle(handle: Db, id: number, changes: Partial<ArticleInput>): Promise<Article | undefined> {
  const current = await getArticleById(handle, id);
  if (!current) return undefined;
  const status = changes.status ?? current.status;
  const { tagIds, featured, bodyMarkdown, ...rest } = changes;
  return runMappingSlugClash(changes.slug ?? current.slug, () => handle.db.transaction().execute(async (trx) => {
    const article = await trx
      .updateTable('articles')
      .set({
        ...rest,
        ...(bodyMarkdown !== undefined ? { bodyMarkdown, bodyHtml: renderMarkdown(bodyMarkdown) } : {}),
        ...(featured !== undefined ? { featured: featured ? 1 : 0 } : {}),
        publishedAt: publicationTime(status, changes.publishedAt, current.publishedAt),
        updatedAt: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (tagIds) {
      await trx.deleteFrom('articleTags').where('articleId', '=', id).execute();
      if (tagIds.length) await trx.insertInto('articleTags').values([...new Set(tagIds)].map((tagId) => ({ articleId: id, tagId }))).execute();
    }
    if (featured) await trx.updateTable('articles').set({ featured: 0 }).where('id', '!=', id).where('featured', '=', 1).execute();
    return article;
  }));
}

async function runMappingSlugClash<T>(slug: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(slug);
    throw err;
  }
}

export async function deleteArticle({ db }: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('articles').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function getArticleById({ db }: Db, id: number): Promise<Article | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

function published(handle: Db) {
  return handle.db.selectFrom('articles').where('status', '=', 'published').where('publishedAt', '<=', nowIso());
}

export async function getPublishedArticle(handle: Db, expertId: number, slug: string): Promise<PageArticle | undefined> {
  return published(handle).select([...summaryColumns, 'bodyHtml']).where('expertId', '=', expertId).where('slug', '=', slug).executeTakeFirst();
}

export async function getPublishedArticleById(handle: Db, id: number): Promise<Article | undefined> {
  return published(handle).selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ListQuery {
  limit: number;
  cursor?: Cursor;
  expertId?: number;
  tagId?: number;
  excludeId?: number;
}

/** Published articles, newest first, by keyset on (published_at, id) so that deep pages cost what the first does. */
export async function listPublishedArticles(handle: Db, q: ListQuery): Promise<ArticleSummary[]> {
  let query = published(handle).select(summaryColumns.map((c) => `articles.${c}` as const));
  if (q.expertId !== undefined) query = query.where('articles.expertId', '=', q.expertId);
  if (q.excludeId !== undefined) query = query.where('articles.id', '!=', q.excludeId);
  if (q.tagId !== undefined) {
    const tagId = q.tagId;
    query = query.where('articles.id', 'in', (eb) => eb.selectFrom('articleTags').select('articleId').where('tagId', '=', tagId));
  }
  if (q.cursor) {
    const { key, id } = q.cursor;
    query = query.where((eb) => eb.or([eb('articles.publishedAt', '<', key), eb.and([eb('articles.publishedAt', '=', key), eb('articles.id', '<', id)])]));
  }
  return query.orderBy('articles.publishedAt', 'desc').orderBy('articles.id', 'desc').limit(q.limit).execute();
}

/** Each expert's newest published article, in one query whatever the number of experts. */
export async function latestPublishedByExpert(handle: Db, expertIds: number[]): Promise<ArticleSummary[]> {
  if (expertIds.length === 0) return [];
  const ranked = published(handle)
    .select([...summaryColumns, sql<number>`row_number() over (partition by expert_id order by published_at desc, id desc)`.as('rank')])
    .where('expertId', 'in', expertIds)
    .as('ranked');
  const rows = await handle.db.selectFrom(ranked).selectAll().where('rank', '=', 1).execute();
  return rows.map(({ rank: _rank, ...article }) => article);
}

export async function getFeaturedArticle(handle: Db): Promise<ArticleSummary | undefined> {
  const featured = await published(handle).select(summaryColumns).where('featured', '=', 1).orderBy('publishedAt', 'desc').limit(1).executeTakeFirst();
  return featured ?? (await listPublishedArticles(handle, { limit: 1 }))[0];
}

export async function getPublishedArticlesByIds(handle: Db, ids: number[]): Promise<Map<number, ArticleSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await published(handle).select(summaryColumns).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function tagIdsByArticle({ db }: Db, articleIds: number[]): Promise<Map<number, number[]>> {
  const byArticle = new Map<number, number[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db.selectFrom('articleTags').select(['articleId', 'tagId']).where('articleId', 'in', [...new Set(articleIds)]).execute();
  for (const r of rows) byArticle.set(r.articleId, [...(byArticle.get(r.articleId) ?? []), r.tagId]);
  return byArticle;
}

/** Tags that at least one published article carries: the ones readers may see. */
export async function publishedTagIds(handle: Db): Promise<Set<number>> {
  const rows = await handle.db
    .selectFrom('articleTags')
    .select('tagId')
    .distinct()
    .where('articleId', 'in', published(handle).select('id'))
    .execute();
  return new Set(rows.map((r) => r.tagId));
}

export async function countArticles({ db }: Db): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Articles in id order after `afterId`, drafts included: for walking every article a few at a time. */
export async function listArticlesAfter({ db }: Db, afterId: number, limit: number): Promise<Article[]> {
  return db.selectFrom('articles').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
