import type { Kysely, Selectable } from 'kysely';
import type { Database, Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { ArticleRevisionsTable, ArticlesTable } from './tables.ts';

export type ArticleRevision = Selectable<ArticleRevisionsTable>;
/** A revision without its body, for the history list. */
export type RevisionSummary = Omit<ArticleRevision, 'bodyMarkdown'>;

/** Who saved and what the save was; written with the article change, in the same transaction. */
export interface SaveRecord {
  userId: number | null;
  note: string;
  /** An autosave folds into the previous one by the same person while that is recent (see foldWindowMs). */
  autosave?: boolean;
}

export interface KeptRevision {
  revision: number;
  /** True when an autosave updated the latest revision instead of adding one. */
  folded: boolean;
}

/** Autosaves by one person within this time of the revision they started make one revision, not hundreds. */
const foldWindowMs = 10 * 60_000;

type RevisionContent = Pick<Selectable<ArticlesTable>, 'id' | 'title' | 'lead' | 'bodyMarkdown' | 'slug' | 'heroMediaId' | 'status' | 'publishedAt'>;

const summaryColumns = ['id', 'articleId', 'number', 'userId', 'createdAt', 'title', 'lead', 'slug', 'heroMediaId', 'tags', 'status', 'publishedAt', 'note', 'autosave'] as const;

/**
 * Keeps the article as this save left it, as revision n+1, or folds an autosave into the latest
 * revision when that is an autosave by the same person begun less than foldWindowMs ago. Runs inside
 * the transaction that changed the article: the article row is locked by then, so two saves of one
 * article cannot take the same number. Answers the revision's number, and whether the save folded into it.
 */
export async function recordRevision(trx: Kysely<Database>, article: RevisionContent, tags: string[], save: SaveRecord, now = nowIso()): Promise<KeptRevision> {
  const content = {
    title: article.title,
    lead: article.lead,
    bodyMarkdown: article.bodyMarkdown,
    slug: article.slug,
    heroMediaId: article.heroMediaId,
    tags: [...tags].sort().join(','),
    status: article.status,
    publishedAt: article.publishedAt,
  };
  const latest = await trx
    .selectFrom('articleRevisions')
    .select(['id', 'number', 'userId', 'createdAt', 'autosave'])
    .where('articleId', '=', article.id)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const folds = save.autosave && latest?.autosave === 1 && latest.userId === save.userId && Date.parse(now) - Date.parse(latest.createdAt) < foldWindowMs;
  if (folds) {
    await trx.updateTable('articleRevisions').set(content).where('id', '=', latest.id).execute();
    return { revision: latest.number, folded: true };
  }
  const number = (latest?.number ?? 0) + 1;
  await trx
    .insertInto('articleRevisions')
    .values({ ...content, articleId: article.id, number, userId: save.userId, createdAt: now, note: save.note.slice(0, 2000), autosave: save.autosave ? 1 : 0 })
    .execute();
  return { revision: number, folded: false };
}

/** An article's history, newest first, without the bodies. */
export async function listRevisions({ db }: Db, articleId: number): Promise<RevisionSummary[]> {
  return db.selectFrom('articleRevisions').select(summaryColumns).where('articleId', '=', articleId).orderBy('number', 'desc').execute();
}

export async function getRevision({ db }: Db, articleId: number, number: number): Promise<ArticleRevision | undefined> {
  return db.selectFrom('articleRevisions').selectAll().where('articleId', '=', articleId).where('number', '=', number).executeTakeFirst();
}

export async function latestRevisionNumber({ db }: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('articleRevisions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('articleId', '=', articleId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The expert whose article this person saved last: a sensible default for their next one. */
export async function expertOfLastSave({ db }: Db, userId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('articleRevisions')
    .innerJoin('articles', 'articles.id', 'articleRevisions.articleId')
    .select('articles.expertId')
    .where('articleRevisions.userId', '=', userId)
    .orderBy('articleRevisions.createdAt', 'desc')
    .orderBy('articleRevisions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.expertId;
}
