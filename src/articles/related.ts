import { shownInEdition, type EditionFilter } from '../views/i18n/languages.ts';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { memoPerGenerationByKey, memoPerHandle } from '../http/generation-memo.ts';
import { getPublishedArticlesByIds, type ArticleSummary } from './store.ts';

/** Three: one row of cards on a wide screen. */
export const relatedLimit = 3;
/** The newest articles looked at for each shared tag: enough to rank, few enough to stay fast at any size. */
const candidatesPerTag = 50;
/** How many of the best-scored candidates are read in full, to rank by closeness in time and to drop unpublished ones. */
const candidatesRead = 24;
/** A tag on more articles than this counts as this common: counting stops there. */
const frequencyCap = 1000;
const tagsConsidered = 12;
const sameExpertWeight = 0.3;
const closenessWeight = 0.1;
const closenessHalfLifeDays = 180;
const dayMs = 86_400_000;

/**
 * Rarer tags say more: two articles that share a tag on three articles are closer than two that share
 * one on thousands, and the expert in common (sameExpertWeight) outweighs a tag on more than a dozen.
 */
const tagWeight = (articlesWithTag: number) => 1 / Math.sqrt(Math.max(1, articlesWithTag));

async function tagFrequency({ db }: Db, tagId: number): Promise<number> {
  const capped = db.selectFrom('articleTags').select('articleId').where('tagId', '=', tagId).limit(frequencyCap).as('capped');
  const row = await db
    .selectFrom(capped)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The newest articles, drafts included, that carry the tag, one more than a page asks for so that the
 * page's own article can be left out: read backwards along the (tag, article) index alone.
 */
async function newestWithTag({ db }: Db, tagId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articleTags')
    .select('articleId')
    .where('tagId', '=', tagId)
    .orderBy('articleId', 'desc')
    .limit(candidatesPerTag + 1)
    .execute();
  return rows.map((r) => r.articleId);
}

interface TagCandidates {
  weight: number;
  newest: number[];
}

/**
 * What a tag brings to the ranking, read once per content generation: every article page with the tag
 * asks the same, and a tag's articles change only with content (which moves the generation on).
 */
const candidatesPerHandle = memoPerHandle((handle: Db) =>
  memoPerGenerationByKey(async (tagId: number): Promise<TagCandidates> => ({ weight: tagWeight(await tagFrequency(handle, tagId)), newest: await newestWithTag(handle, tagId) })),
);

const tagCandidates = (handle: Db, generation: number | undefined, tagId: number) => candidatesPerHandle(handle)(generation, tagId);

/**
 * Other published articles to read after this one, best first: shared tags (topics, regions,
 * countries) count most, rarer tags more than common ones; then the same expert; then closeness in
 * time. `sameExpert` are the expert's other recent articles, which the page reads anyway. Candidates
 * are gathered by id and only then read, by primary key, which keeps out drafts and scheduled articles.
 */
export async function relatedArticles(
  handle: Db,
  article: { id: number; publishedAt: string | null; tags: Array<{ id: number }> },
  sameExpert: ArticleSummary[],
  options: { limit?: number; generation?: number; edition?: EditionFilter } = {},
): Promise<ArticleSummary[]> {
  const { limit = relatedLimit, generation, edition } = options;
  const perTag = await Promise.all(article.tags.slice(0, tagsConsidered).map((tag) => tagCandidates(handle, generation, tag.id)));
  const scores = new Map<number, number>();
  const add = (id: number, score: number) => scores.set(id, (scores.get(id) ?? 0) + score);
  for (const { weight, newest } of perTag) {
    for (const id of newest.filter((other) => other !== article.id).slice(0, candidatesPerTag)) add(id, weight);
  }
  for (const other of sameExpert) if (other.id !== article.id) add(other.id, sameExpertWeight);
  // Ties go to the newer article (the higher id), as they would in a listing.
  const best = [...scores].sort((x, y) => y[1] - x[1] || y[0] - x[0]).slice(0, candidatesRead);
  const candidates = [
    ...(
      await getPublishedArticlesByIds(
        handle,
        best.map(([id]) => id),
      )
    ).values(),
  ];
  const reference = Date.parse(article.publishedAt ?? nowIso());
  const scored = candidates
    .filter((a) => shownInEdition(edition, a.language))
    .map((a) => {
      const days = Math.abs(reference - Date.parse(a.publishedAt!)) / dayMs;
      return { article: a, score: scores.get(a.id)! + closenessWeight * 0.5 ** (days / closenessHalfLifeDays) };
    });
  scored.sort((x, y) => y.score - x.score || y.article.publishedAt!.localeCompare(x.article.publishedAt!) || y.article.id - x.article.id);
  return scored.slice(0, limit).map((s) => s.article);
}
