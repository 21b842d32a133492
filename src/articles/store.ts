import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Database, Db } from '../schema.ts';
import { slugify, uniqueSlug } from '../db/slug.ts';
import { nowIso } from '../db/time.ts';
import { insertWithSlug, isUniqueViolation, SlugTakenError } from '../db/errors.ts';
import type { Cursor } from '../core/cursor.ts';
import { editionPrefix, type EditionFilter } from '../views/i18n/languages.ts';
import { getSiteSettings } from '../site/store.ts';
import { Refusal } from '../core/refusals.ts';
import { withSavepoint, withTransaction } from '../db/transaction.ts';
import { ensureTag, getTagsByIds } from '../tags/store.ts';
import { renderArticleBody } from './body-html.ts';
import { placeTagForLabel, suggestedTagsJson } from '../places/tags.ts';
import { Observers } from '../core/observers.ts';
import { clearRedirectFrom, recordMove } from '../redirects/store.ts';
import { getExpertsByIds } from '../experts/store.ts';
import { coauthoredArticleIds, coauthorIdsOf, hasCoauthored, replaceCoauthors } from './authors.ts';
import { articlePath } from './paths.ts';
import { recordRevision, type KeptRevision, type SaveRecord } from './revisions.ts';
import type { ArticleStatus, ArticlesTable } from './tables.ts';
import type { WorkflowStep } from './workflow.ts';
import type { Actor } from '../core/actor.ts';

export type Article = Selectable<ArticlesTable>;

/**
 * Every write of an article (creation, save, status change) tells its observers, with the save's
 * transaction, before it commits: search keeps its index current this way (src/search/documents.ts).
 */
export const articleSaved = new Observers<[handle: Db, articleId: number]>();

/**
 * A command's workflow step on an article (submit, return, publish, unpublish; `step` null: a saved
 * change to an article that was published, scheduled or live), told by commands.ts inside the save's
 * transaction with the article before and after: notices to the people concerned (src/notifications)
 * commit or roll back with it. Autosaves are never told.
 */
export interface ArticleWorkflowEvent {
  before: Article | undefined;
  article: Article;
  step: WorkflowStep | null;
  actor: Actor;
  /** The editor's note, with a return. */
  reviewNote?: string;
}
export const articleWorkflowStepped = new Observers<[handle: Db, event: ArticleWorkflowEvent]>();
type ReviewColumns = 'reviewNote' | 'returnedAt' | 'submittedAt';
/** An article without its bodies or review bookkeeping, for public listings. */
export type ArticleSummary = Omit<Article, 'bodyMarkdown' | 'bodyHtml' | 'suggestedTags' | ReviewColumns>;
/** What a reader's page shows: everything but the Markdown source, the suggestions and the review bookkeeping. */
export type PageArticle = Omit<Article, 'bodyMarkdown' | 'suggestedTags' | ReviewColumns>;
/** An article as the office lists it: no bodies, but where it stands in review. */
export type OfficeArticleSummary = Omit<Article, 'bodyMarkdown' | 'bodyHtml' | 'suggestedTags'>;
/** An article after a save, with the number of the revision the save kept. */
export interface SavedArticle extends KeptRevision {
  article: Article;
}

/** What a save expects to find, checked inside its transaction: a change made meanwhile refuses the save. */
export interface SaveExpectation {
  /** The save applies only while the article has this status (an autosave keeps drafts only). */
  status?: ArticleStatus;
  /** The save applies only while the article is on this expert's blog (whose authors may change it). */
  expertId?: number;
  /** The latest revision the person saw; a newer one by anyone means their form is out of date. */
  revision?: number;
}

/** What the article was found to be when a save or a deletion refused, for saying so. */
export type FoundArticle = Pick<Article, 'status' | 'expertId'>;

/**
 * A save or deletion found the article not as its sender last saw it; nothing was written. `status`:
 * its status or its blog changed (what the permission was judged on); `revision`: someone saved since.
 */
export class ArticleChangedError extends Refusal {
  /** What changed; the message says it in words. */
  override readonly reason: 'status' | 'revision';

  constructor(
    reason: 'status' | 'revision',
    readonly latest?: { number: number; userId: number | null },
    readonly found?: FoundArticle,
  ) {
    // A conflict by itself, so that no caller can turn it into a failure; the office words it its own way.
    // No `field`: that names a field that failed validation, and the reason is in the message.
    super('conflict', changedMessage(reason, latest, found));
    this.reason = reason;
    this.name = 'ArticleChangedError';
  }
}

function changedMessage(reason: 'status' | 'revision', latest?: { number: number }, found?: FoundArticle): string {
  if (reason === 'revision') return `The article was changed since revision ${latest?.number ?? 0}. Nothing was written; read it again before retrying.`;
  const now = found ? `it is now ${found.status === 'in_review' ? 'in review' : found.status}` : 'it is no longer a draft';
  return `The article changed while this request was on its way (${now}, or on another blog). Nothing was written; read it again before retrying.`;
}

/** Whether the article is still as a save or deletion expects (its status and blog; revisions are checked apart). */
const stillAsExpected = (found: FoundArticle, expect: SaveExpectation) =>
  (expect.status === undefined || found.status === expect.status) && (expect.expertId === undefined || found.expertId === expect.expertId);

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
  /** Tags by label, made into tags inside the article's transaction, so that a refused save creates none. */
  tagLabels?: string[];
  /** The experts who wrote it beside the lead (expertId), in byline order; undefined leaves them as they are. */
  coauthorIds?: number[];
  reviewNote?: string | null;
  returnedAt?: string | null;
  submittedAt?: string | null;
}

const summaryColumns = ['id', 'expertId', 'slug', 'title', 'lead', 'heroMediaId', 'status', 'language', 'featured', 'pollId', 'publishedAt', 'createdAt', 'updatedAt', 'translationGroup'] as const;
export const officeColumns = [...summaryColumns, 'reviewNote', 'returnedAt', 'submittedAt'] as const;

/** A save by the system (the demo loader, the CLI): no person to name in the history. */
const systemSave = (note: string): SaveRecord => ({ userId: null, note });

/** The slugs of the tags an article carries, read inside the transaction that changed them. */
async function tagSlugsIn(handle: Db, trx: Kysely<Database>, articleId: number): Promise<string[]> {
  const rows = await trx.selectFrom('articleTags').select('tagId').where('articleId', '=', articleId).execute();
  const tags = await getTagsByIds(
    { ...handle, db: trx },
    rows.map((r) => r.tagId),
  );
  return [...tags.values()].map((t) => t.slug);
}

/** The ids of the tags a save names, making the ones given by label (inside the save's transaction). */
async function tagIdsIn(handle: Db, trx: Kysely<Database>, input: Pick<ArticleInput, 'tagIds' | 'tagLabels'>): Promise<number[] | undefined> {
  if (input.tagLabels === undefined) return input.tagIds;
  const made: number[] = [];
  for (const label of input.tagLabels) {
    // A label that names a place makes the place's tag, with its kind and name: "kazakhstan" is the country Kazakhstan.
    const place = placeTagForLabel(label);
    made.push((await (place ? ensureTag({ ...handle, db: trx }, place.name, place.kind) : ensureTag({ ...handle, db: trx }, label))).id);
  }
  return [...(input.tagIds ?? []), ...made];
}

/** The id of an expert's article (of any status) with this slug, if there is one. */
export async function findArticleId({ db }: Db, expertId: number, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('articles').select('id').where('expertId', '=', expertId).where('slug', '=', slug).executeTakeFirst())?.id;
}

async function articleSlugTaken(handle: Db, expertId: number, slug: string): Promise<boolean> {
  return (await findArticleId(handle, expertId, slug)) !== undefined;
}

/** A published article keeps the time it first went out; publishing without a time means now. */
function publicationTime(status: ArticleStatus, requested: string | null | undefined, previous: string | null): string | null {
  if (requested !== undefined && requested !== null) return requested;
  if (status === 'published') return previous ?? nowIso();
  return requested === null ? null : previous;
}

/** Each language edition features one article: featuring one unfeatures the others in its language. */
async function unfeatureOthers(trx: Kysely<Database>, language: string, exceptId?: number): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ featured: 0 })
    .where('featured', '=', 1)
    .where('language', '=', language)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .execute();
}

/** Creates an article; a chosen slug that is taken throws SlugTakenError. Featuring it unfeatures the others. */
export async function createArticle(handle: Db, input: ArticleInput, save: SaveRecord = systemSave('Created')): Promise<Article> {
  return (await saveNewArticle(handle, input, save)).article;
}

/**
 * Creates an article and its first revision in one transaction (the caller's, when it has one). A slug
 * made from the title that another process takes meanwhile is tried again with the next suffix.
 */
export async function saveNewArticle(handle: Db, input: ArticleInput, save: SaveRecord): Promise<SavedArticle> {
  const now = nowIso();
  return withTransaction(handle, (tx) =>
    insertWithSlug({ chosen: input.slug, base: slugify(input.title), isTaken: (s) => articleSlugTaken(tx, input.expertId, s) }, (slug) =>
      withSavepoint(tx, async ({ db: trx }) => {
        if (input.featured) await unfeatureOthers(trx, input.language ?? 'en');
        const article = await trx
          .insertInto('articles')
          .values({
            expertId: input.expertId,
            slug,
            title: input.title,
            lead: input.lead,
            bodyMarkdown: input.bodyMarkdown,
            bodyHtml: await renderArticleBody({ ...handle, db: trx }, input.bodyMarkdown, input.language ?? 'en'),
            suggestedTags: suggestedTagsJson({ title: input.title, lead: input.lead, body: input.bodyMarkdown }),
            heroMediaId: input.heroMediaId ?? null,
            status: input.status,
            language: input.language ?? 'en',
            featured: input.featured ? 1 : 0,
            pollId: input.pollId ?? null,
            publishedAt: publicationTime(input.status, input.publishedAt, null),
            createdAt: now,
            updatedAt: now,
            reviewNote: input.reviewNote ?? null,
            returnedAt: input.returnedAt ?? null,
            submittedAt: input.submittedAt ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const tagIds = await tagIdsIn(handle, trx, input);
        if (tagIds?.length) {
          await trx
            .insertInto('articleTags')
            .values([...new Set(tagIds)].map((tagId) => ({ articleId: article.id, tagId })))
            .execute();
        }
        if (input.coauthorIds?.length) await replaceCoauthors(trx, article.id, article.expertId, input.coauthorIds);
        await keepOldAddress({ ...handle, db: trx }, undefined, article, now);
        await articleSaved.notify({ ...handle, db: trx }, article.id);
        return { article, ...(await recordRevision(trx, article, await tagSlugsIn(handle, trx, article.id), save, now)) };
      }),
    ),
  );
}

export async function updateArticle(handle: Db, id: number, changes: Partial<ArticleInput>, save: SaveRecord = systemSave('Saved')): Promise<Article | undefined> {
  return (await saveArticleChanges(handle, id, changes, save))?.article;
}

/**
 * Changes an article and keeps the revision in one transaction; undefined when there is no such article.
 * The article is read inside the transaction, after a write that locks its row, so that two saves of
 * one article run one after the other and each sees what the other left. A save that finds the article
 * not as `expect` says throws ArticleChangedError and writes nothing.
 */
export async function saveArticleChanges(handle: Db, id: number, changes: Partial<ArticleInput>, save: SaveRecord, expect: SaveExpectation = {}): Promise<SavedArticle | undefined> {
  const { tagIds: _ids, tagLabels, featured, bodyMarkdown, coauthorIds, ...rest } = changes;
  const now = nowIso();
  return runMappingSlugClash(changes.slug ?? '', () =>
    withTransaction(handle, async ({ db: trx }) => {
      const current = await trx.updateTable('articles').set({ updatedAt: now }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!current) return undefined;
      if (!stillAsExpected(current, expect)) throw new ArticleChangedError('status', undefined, current);
      if (expect.revision !== undefined) {
        const latest = await trx.selectFrom('articleRevisions').select(['number', 'userId']).where('articleId', '=', id).orderBy('number', 'desc').limit(1).executeTakeFirst();
        if (latest && latest.number > expect.revision) throw new ArticleChangedError('revision', latest);
      }
      const status = changes.status ?? current.status;
      const textChanged = changes.title !== undefined || changes.lead !== undefined || bodyMarkdown !== undefined;
      const text = { title: changes.title ?? current.title, lead: changes.lead ?? current.lead, body: bodyMarkdown ?? current.bodyMarkdown };
      const article = await trx
        .updateTable('articles')
        .set({
          ...rest,
          ...(bodyMarkdown !== undefined ? { bodyMarkdown, bodyHtml: await renderArticleBody({ ...handle, db: trx }, bodyMarkdown, changes.language ?? current.language) } : {}),
          ...(textChanged ? { suggestedTags: suggestedTagsJson(text) } : {}),
          ...(featured !== undefined ? { featured: featured ? 1 : 0 } : {}),
          publishedAt: publicationTime(status, changes.publishedAt, current.publishedAt),
          updatedAt: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const tagIds = await tagIdsIn(handle, trx, { tagIds: changes.tagIds, tagLabels });
      if (tagIds) {
        await trx.deleteFrom('articleTags').where('articleId', '=', id).execute();
        if (tagIds.length)
          await trx
            .insertInto('articleTags')
            .values([...new Set(tagIds)].map((tagId) => ({ articleId: id, tagId })))
            .execute();
      }
      // A new lead who was a co-author stops being one; the others keep their places.
      if (coauthorIds !== undefined || article.expertId !== current.expertId) await replaceCoauthors(trx, id, article.expertId, coauthorIds ?? (await coauthorIdsOf({ ...handle, db: trx }, id)));
      // A featured article that changes language is its new edition's featured one.
      if (featured || (article.featured === 1 && article.language !== current.language)) await unfeatureOthers(trx, article.language, id);
      await keepOldAddress({ ...handle, db: trx }, current, article, now);
      await articleSaved.notify({ ...handle, db: trx }, id);
      return { article, ...(await recordRevision(trx, article, await tagSlugsIn(handle, trx, id), save)) };
    }),
  );
}

/**
 * A published article whose address changed (a new slug, or another expert's blog) leaves a redirect at
 * the old one, so that no link readers were given dies; a draft's address was never given out. An article
 * published at an address takes it from any redirect that led elsewhere from there.
 */
async function keepOldAddress(tx: Db, before: Selectable<ArticlesTable> | undefined, after: Selectable<ArticlesTable>, now: string): Promise<void> {
  const wasPublic = before?.status === 'published' && before.publishedAt !== null && before.publishedAt <= now;
  const moved = before && (before.slug !== after.slug || before.expertId !== after.expertId || before.language !== after.language);
  if (after.status !== 'published' && !(wasPublic && moved)) return;
  const [experts, settings] = await Promise.all([getExpertsByIds(tx, [after.expertId, ...(before ? [before.expertId] : [])]), getSiteSettings(tx)]);
  const editions = { languages: settings.languages };
  const to = experts.get(after.expertId);
  if (!to) return;
  // An address in another edition than the default one carries its prefix: moving between editions is a move too.
  const path = articlePath(to.slug, after.slug, editionPrefix(editions, after.language));
  const from = before && experts.get(before.expertId);
  if (wasPublic && moved && from) {
    const old = articlePath(from.slug, before.slug, editionPrefix(editions, before.language));
    if (old !== path) await recordMove(tx, old, path);
  }
  if (after.status === 'published') await clearRedirectFrom(tx, path);
}

async function runMappingSlugClash<T>(slug: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(slug);
    throw err;
  }
}

/**
 * Deletes an article; false when there is none. With `expect`, only while the article still has that
 * status and blog, checked by the deletion itself: one found otherwise throws ArticleChangedError.
 */
export async function deleteArticle({ db }: Db, id: number, expect: SaveExpectation = {}): Promise<boolean> {
  let query = db.deleteFrom('articles').where('id', '=', id);
  if (expect.status !== undefined) query = query.where('status', '=', expect.status);
  if (expect.expertId !== undefined) query = query.where('expertId', '=', expect.expertId);
  const result = await query.executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) return true;
  const found = await db.selectFrom('articles').select(['status', 'expertId']).where('id', '=', id).executeTakeFirst();
  if (found) throw new ArticleChangedError('status', undefined, found);
  return false;
}

/** An article as the office and the API act on it: with its co-authors, whose accounts may work on it too. */
export type ArticleWithAuthors = Article & { coauthorIds: number[] };

export async function getArticleById(handle: Db, id: number): Promise<ArticleWithAuthors | undefined> {
  const article = await handle.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return article && { ...article, coauthorIds: await coauthorIdsOf(handle, id) };
}

/** Only the articles an edition shows: its language, or (the default edition) any but the other editions'. */
function inEdition<Q extends { where: WhereOnLanguage<Q> }>(query: Q, edition: EditionFilter | undefined, column: LanguageColumn = 'articles.language'): Q {
  if (!edition) return query;
  if ('only' in edition) return query.where(column, '=', edition.only);
  return edition.except.length ? query.where(column, 'not in', edition.except) : query;
}
type LanguageColumn = 'articles.language' | 'newest.language';
type WhereOnLanguage<Q> = (column: LanguageColumn, op: '=' | 'not in', value: string | string[]) => Q;

/** Published articles, those that appeared by `upTo` (now unless given; never later than now). */
function published(handle: Db, upTo?: string) {
  const now = nowIso();
  return handle.db
    .selectFrom('articles')
    .where('status', '=', 'published')
    .where('publishedAt', '<=', upTo !== undefined && upTo < now ? upTo : now);
}

export async function getPublishedArticle(handle: Db, expertId: number, slug: string): Promise<PageArticle | undefined> {
  return published(handle)
    .select([...summaryColumns, 'bodyHtml'])
    .where('expertId', '=', expertId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function getPublishedArticleById(handle: Db, id: number): Promise<Article | undefined> {
  return published(handle).selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ListQuery {
  limit: number;
  /** Which languages the listing's edition shows (see editionFilter); every language when not given. */
  edition?: EditionFilter;
  cursor?: Cursor;
  expertId?: number;
  tagId?: number;
  /** Articles carrying any of these tags (a region's page: the region's tag and its countries'). */
  tagIds?: number[];
  excludeId?: number;
}

/**
 * A tag filter on more articles than this is applied by walking the newest published articles and
 * checking each one's tags (reading about page size / the tags' share of the archive rows); one on
 * fewer, by reading the tags' articles and sorting them (at most this many). Either way the cost of a
 * page does not follow the size of the archive.
 */
export const tagWalkThreshold = 1000;

/** Whether the tags together are on at least `tagWalkThreshold` articles, counting no further. */
export async function tagsAreCommon({ db }: Db, tagIds: number[]): Promise<boolean> {
  const capped = db.selectFrom('articleTags').select('articleId').where('tagId', 'in', tagIds).limit(tagWalkThreshold).as('capped');
  const row = await db
    .selectFrom(capped)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) >= tagWalkThreshold;
}

/** Published articles, newest first, by keyset on (published_at, id) so that deep pages cost what the first does. */
export async function listPublishedArticles(handle: Db, q: ListQuery): Promise<ArticleSummary[]> {
  if (q.expertId === undefined || !(await hasCoauthored(handle, q.expertId))) return publishedWalk(handle, q, q.expertId === undefined ? undefined : { lead: q.expertId });
  // A co-author's blog is two ordered walks, each stopping at the page's size: along the lead index for the
  // articles on their own blog, and through the co-authorships for the others; merged here by (published_at, id).
  const [own, coWritten] = await Promise.all([publishedWalk(handle, q, { lead: q.expertId }), publishedWalk(handle, q, { coauthor: q.expertId })]);
  const newestFirst = (a: ArticleSummary, b: ArticleSummary) => (a.publishedAt === b.publishedAt ? b.id - a.id : (b.publishedAt ?? '') > (a.publishedAt ?? '') ? 1 : -1);
  return [...own, ...coWritten].sort(newestFirst).slice(0, q.limit);
}

/** One newest-first walk over the published articles the query asks for, the expert's as lead or as co-author. */
async function publishedWalk(handle: Db, q: ListQuery, by: { lead: number } | { coauthor: number } | undefined): Promise<ArticleSummary[]> {
  // The cursor's time is also the upper end of the index range: with only the OR below, both engines
  // start from now and step over every newer article to reach a deep page.
  let query = inEdition(published(handle, q.cursor?.key), q.edition).select(summaryColumns.map((c) => `articles.${c}` as const));
  if (by && 'lead' in by) query = query.where('articles.expertId', '=', by.lead);
  if (by && 'coauthor' in by) {
    // The ids first, as values: given the subquery, SQLite walks every published article testing each one.
    const ids = (await coauthoredArticleIds(handle.db, by.coauthor).execute()).map((row) => row.articleId);
    if (ids.length === 0) return [];
    query = query.where('articles.id', 'in', ids);
  }
  if (q.excludeId !== undefined) query = query.where('articles.id', '!=', q.excludeId);
  const tagIds = q.tagId !== undefined ? [q.tagId] : q.tagIds;
  if (tagIds !== undefined) {
    const ids = tagIds.length ? tagIds : [-1];
    const tagged = (eb: ExpressionBuilder<Database, 'articles'>) => eb.selectFrom('articleTags').select('articleTags.articleId').where('articleTags.tagId', 'in', ids);
    // EXISTS, correlated, keeps SQLite on the published index in order; IN reads every tagged article first.
    query = (await tagsAreCommon(handle, ids)) ? query.where((eb) => eb.exists(tagged(eb).whereRef('articleTags.articleId', '=', 'articles.id'))) : query.where('articles.id', 'in', tagged);
  }
  if (q.cursor) {
    const { key, id } = q.cursor;
    query = query.where((eb) => eb.or([eb('articles.publishedAt', '<', key), eb.and([eb('articles.publishedAt', '=', key), eb('articles.id', '<', id)])]));
  }
  return query.orderBy('articles.publishedAt', 'desc').orderBy('articles.id', 'desc').limit(q.limit).execute();
}

/**
 * Each expert's newest published article, in one query whatever the number of experts: for each expert
 * one step backwards along the (expert_id, status, published_at, id) index, so the cost follows the
 * number of experts, not of articles (a window over all their articles read every one of them).
 */
export async function latestPublishedByExpert(handle: Db, expertIds: number[], edition?: EditionFilter): Promise<ArticleSummary[]> {
  if (expertIds.length === 0) return [];
  const now = nowIso();
  return handle.db
    .selectFrom('articles')
    .select(summaryColumns)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('experts')
        .select((inner) =>
          inner
            .selectFrom('articles as newest')
            .select('newest.id')
            .whereRef('newest.expertId', '=', 'experts.id')
            .where('newest.status', '=', 'published')
            .where('newest.publishedAt', '<=', now)
            .$call((qb) => inEdition(qb, edition, 'newest.language'))
            .orderBy('newest.publishedAt', 'desc')
            .orderBy('newest.id', 'desc')
            .limit(1)
            .as('latestId'),
        )
        .where('experts.id', 'in', [...new Set(expertIds)]),
    )
    .execute();
}

/** The edition's featured article (one per language), else its newest. */
export async function getFeaturedArticle(handle: Db, edition?: EditionFilter): Promise<ArticleSummary | undefined> {
  const featured = await inEdition(published(handle), edition).select(summaryColumns).where('featured', '=', 1).orderBy('publishedAt', 'desc').limit(1).executeTakeFirst();
  return featured ?? (await listPublishedArticles(handle, { limit: 1, edition }))[0];
}

export async function getPublishedArticlesByIds(handle: Db, ids: number[]): Promise<Map<number, ArticleSummary>> {
  if (ids.length === 0) return new Map();
  // Read by primary key alone and tested for publication here: with the status and time in the query,
  // SQLite walks the whole published-articles index instead (20 ms at 100,000 articles).
  const rows = await handle.db
    .selectFrom('articles')
    .select(summaryColumns)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  const now = nowIso();
  return new Map(rows.filter((r) => r.status === 'published' && r.publishedAt !== null && r.publishedAt <= now).map((r) => [r.id, r]));
}

export async function tagIdsByArticle({ db }: Db, articleIds: number[]): Promise<Map<number, number[]>> {
  const byArticle = new Map<number, number[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('articleTags')
    .select(['articleId', 'tagId'])
    .where('articleId', 'in', [...new Set(articleIds)])
    .execute();
  for (const r of rows) byArticle.set(r.articleId, [...(byArticle.get(r.articleId) ?? []), r.tagId]);
  return byArticle;
}

/**
 * Tags that at least one published article carries: the ones readers may see. Asked tag by tag, each
 * stopping at its first published article, so the cost follows the number of tags, not of articles.
 */
export async function publishedTagIds(handle: Db): Promise<Set<number>> {
  const now = nowIso();
  // A scalar subquery with LIMIT 1 rather than EXISTS: PostgreSQL turns EXISTS into a join that hashes
  // every article of the tag first.
  const rows = await handle.db
    .selectFrom('tags')
    .select('tags.id')
    .where(
      (eb) =>
        eb
          .selectFrom('articleTags')
          .innerJoin('articles', 'articles.id', 'articleTags.articleId')
          .select('articleTags.articleId')
          .whereRef('articleTags.tagId', '=', 'tags.id')
          .where('articles.status', '=', 'published')
          .where('articles.publishedAt', '<=', now)
          .limit(1),
      'is not',
      null,
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function countArticles({ db }: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Articles in id order after `afterId`, drafts included: for walking every article a few at a time. */
export async function listArticlesAfter({ db }: Db, afterId: number, limit: number): Promise<Article[]> {
  return db.selectFrom('articles').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** A slug made from the title that no other article of the expert has. */
export async function freeArticleSlug(handle: Db, expertId: number, title: string, exceptId?: number): Promise<string> {
  return uniqueSlug(slugify(title), async (slug) => {
    const id = await findArticleId(handle, expertId, slug);
    return id !== undefined && id !== exceptId;
  });
}

/** The articles an expert wrote, as lead or co-author: what their account works on in the office. */
export function writtenBy(handle: Pick<Db, 'db'>, expertId: number) {
  return (eb: ExpressionBuilder<Database, 'articles'>) => eb.or([eb('articles.expertId', '=', expertId), eb('articles.id', 'in', coauthoredArticleIds(handle.db, expertId))]);
}

/** Articles waiting in review, the longest-waiting first. */
export async function listInReview({ db }: Db, q: { limit: number; expertId?: number }): Promise<OfficeArticleSummary[]> {
  let query = db.selectFrom('articles').select(officeColumns).where('status', '=', 'in_review');
  if (q.expertId !== undefined) query = query.where(writtenBy({ db }, q.expertId));
  return query.orderBy('submittedAt', 'asc').orderBy('id', 'asc').limit(q.limit).execute();
}

/** Drafts returned to their authors, the most recently returned first. */
export async function listReturned({ db }: Db, q: { limit: number; expertId?: number }): Promise<OfficeArticleSummary[]> {
  let query = db.selectFrom('articles').select(officeColumns).where('status', '=', 'draft').where('reviewNote', 'is not', null);
  if (q.expertId !== undefined) query = query.where(writtenBy({ db }, q.expertId));
  return query.orderBy('returnedAt', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** Articles that will appear by themselves at a future time, the soonest first. */
export async function listScheduled({ db }: Db, q: { limit: number; expertId?: number }): Promise<OfficeArticleSummary[]> {
  let query = db.selectFrom('articles').select(officeColumns).where('status', '=', 'published').where('publishedAt', '>', nowIso());
  if (q.expertId !== undefined) query = query.where(writtenBy({ db }, q.expertId));
  return query.orderBy('publishedAt', 'asc').orderBy('id', 'asc').limit(q.limit).execute();
}

/** The earliest moment a scheduled article appears, if any: cached pages must not outlive it. */
export async function nextScheduledPublication({ db }: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min('publishedAt').as('next'))
    .where('status', '=', 'published')
    .where('publishedAt', '>', nowIso())
    .executeTakeFirst();
  return typeof row?.next === 'string' ? row.next : undefined;
}

/** The ids of an expert's articles, of any status, those they co-wrote included. */
export async function articleIdsOfExpert({ db }: Db, expertId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('articles').select('id').where(writtenBy({ db }, expertId)).execute();
  return new Set(rows.map((r) => r.id));
}

/** The articles (of any status) that show this image as their hero. */
export async function articlesWithHero({ db }: Db, mediaId: number): Promise<Array<Pick<Article, 'id' | 'expertId' | 'status'>>> {
  return db.selectFrom('articles').select(['id', 'expertId', 'status']).where('heroMediaId', '=', mediaId).orderBy('id').execute();
}

/** Which of these ids still name an article. */
export async function existingArticleIds({ db }: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The rendered bodies of published articles, by id: feeds carry them whole. */
export async function publishedBodiesByIds(handle: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await published(handle)
    .select(['id', 'bodyHtml'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.bodyHtml]));
}

export type ArticleStamp = Pick<Article, 'id' | 'expertId' | 'slug' | 'updatedAt' | 'language' | 'translationGroup'> & { publishedAt: string };
/** A place in the published articles taken oldest first: the (published_at, id) of one of them. */
export type PublicationKey = { publishedAt: string; id: number };

/**
 * What a sitemap needs of each published article, oldest first, from `from` on (inclusive): for walking
 * them all by keyset along the index on (status, published_at, id), which needs no sort.
 */
export async function listPublishedArticleStamps(handle: Db, from: PublicationKey | undefined, limit: number): Promise<ArticleStamp[]> {
  let query = published(handle).select(['id', 'expertId', 'slug', 'updatedAt', 'publishedAt', 'language', 'translationGroup']);
  if (from) query = query.where((eb) => eb(eb.refTuple('publishedAt', 'id'), '>=', eb.tuple(from.publishedAt, from.id)));
  const rows = await query.orderBy('publishedAt').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt! }));
}

/** The published versions in these translation groups, by group: what a sitemap lists as each one's alternates. */
export async function publishedVersionsInGroups(handle: Db, groups: number[]): Promise<Map<number, Array<Pick<Article, 'id' | 'expertId' | 'slug' | 'language'>>>> {
  const byGroup = new Map<number, Array<Pick<Article, 'id' | 'expertId' | 'slug' | 'language'>>>();
  if (groups.length === 0) return byGroup;
  const rows = await published(handle)
    .select(['id', 'expertId', 'slug', 'language', 'translationGroup'])
    .where('translationGroup', 'in', [...new Set(groups)])
    .orderBy('id')
    .execute();
  for (const { translationGroup, ...row } of rows) byGroup.set(translationGroup!, [...(byGroup.get(translationGroup!) ?? []), row]);
  return byGroup;
}

/**
 * The published articles oldest first, cut into chunks of `size`: where each chunk starts, how many it
 * holds and when its newest change was. One pass along the index, whatever the number of chunks; new
 * articles join the last chunk, so the others keep their addresses.
 */
export async function publishedArticleChunks(handle: Db, size: number): Promise<Array<{ first: PublicationKey; count: number; lastModified: string }>> {
  const chunkSize = sql.lit(Math.max(1, Math.floor(size)));
  const position = sql<number>`row_number() over (order by published_at, id) - 1`;
  const numbered = published(handle)
    .select(['id', 'publishedAt', 'updatedAt', sql<number>`(${position}) / ${chunkSize}`.as('chunk'), sql<number>`(${position}) % ${chunkSize}`.as('slot')])
    .as('numbered');
  const rows = await handle.db
    .selectFrom(numbered)
    .select((eb) => [
      'chunk',
      eb.fn.min('publishedAt').as('firstAt'),
      eb.fn.min(eb.case().when('slot', '=', 0).then(eb.ref('id')).end()).as('firstId'),
      eb.fn.countAll().as('count'),
      eb.fn.max('updatedAt').as('lastModified'),
    ])
    .groupBy('chunk')
    .orderBy('chunk')
    .execute();
  return rows.map((r) => ({ first: { publishedAt: String(r.firstAt), id: Number(r.firstId) }, count: Number(r.count), lastModified: String(r.lastModified) }));
}

/**
 * Puts back the times an article had on the site it was exported from, in the transaction that saved it
 * here: the feeds, the sitemap and the page then say when it was written and last changed as the old site
 * did. For restoring an export (`rostrum import rostrum`) only.
 */
export async function restoreArticleTimesFromExport({ db }: Db, id: number, times: { createdAt: string; updatedAt: string }): Promise<void> {
  await db.updateTable('articles').set(times).where('id', '=', id).execute();
}
