import { isRefusal } from '../core/refusals.ts';
import { changeArticle, createArticle, type ArticleChanges } from '../articles/commands.ts';
import { findArticleId, freeArticleSlug, getArticleById, restoreArticleTimesFromExport, type Article } from '../articles/store.ts';
import type { ArticleStatus } from '../articles/tables.ts';
import { articlePath } from '../articles/paths.ts';
import { getExpertById } from '../experts/store.ts';
import { recordMove } from '../redirects/store.ts';
import type { Db } from '../schema.ts';
import { saveSourceItem, type SavedSourceItem } from './items.ts';
import type { ImportRun } from './context.ts';

/** A post of the old site, mapped to what an article here is made of. */
export interface SourceArticle {
  /** Its key among the source's items: "post 1241". */
  key: string;
  /** How the report names it. */
  label: string;
  expertId: number;
  /** The experts who wrote it beside the lead, in byline order (absent: none). */
  coauthorIds?: number[];
  title: string;
  lead: string;
  bodyMarkdown: string;
  /** The slug it had, when it is one Rostrum can use; otherwise one is made from the title. */
  slug?: string;
  heroMediaId: number | null;
  tagLabels: string[];
  status: ArticleStatus;
  publishedAt: string | null;
  featured: boolean;
  language?: string;
  /** Where readers found it on the old site: each leads here once the article is public. */
  oldAddresses: string[];
  /** Tags that exist here already, by id, in place of `tagLabels` (an export of another Rostrum names its tags exactly). */
  tagIds?: number[];
  /** The poll it shows, when the source says (absent leaves the article's as it is). */
  pollId?: number | null;
  /** When it was written and last changed on the old site, kept here (an export of another Rostrum). */
  times?: { createdAt: string; updatedAt: string };
}

const isPublic = (status: ArticleStatus, publishedAt: string | null) => status === 'published' && publishedAt !== null;

/** The slug an imported article takes: its own when free on this blog (or already its own), else one from the title. */
async function slugFor(handle: Db, item: SourceArticle, currentId?: number): Promise<string> {
  if (item.slug) {
    const holder = await findArticleId(handle, item.expertId, item.slug);
    if (holder === undefined || holder === currentId) return item.slug;
  }
  return freeArticleSlug(handle, item.expertId, item.title, currentId);
}

function changesOf(item: SourceArticle, slug: string): ArticleChanges {
  return {
    expertId: item.expertId,
    ...(item.coauthorIds !== undefined && { coauthorIds: item.coauthorIds }),
    title: item.title,
    lead: item.lead,
    bodyMarkdown: item.bodyMarkdown,
    slug,
    heroMediaId: item.heroMediaId,
    ...(item.tagIds ? { tagIds: item.tagIds } : { tagLabels: item.tagLabels }),
    publishedAt: item.publishedAt,
    featured: item.featured,
    ...(item.language && { language: item.language }),
    ...(item.pollId !== undefined && { pollId: item.pollId }),
  };
}

/** Changes an imported article; a status the workflow cannot reach from the current one in a step is left, with a warning. */
async function updateFrom(tx: Db, run: ImportRun, current: Article, item: SourceArticle, warnings: string[]): Promise<Article> {
  const changes = changesOf(item, await slugFor(tx, item, current.id));
  const status = item.status === current.status ? undefined : item.status;
  try {
    return (await changeArticle({ ...run.ctx, handle: tx }, run.actor, current, { changes, status })).article;
  } catch (err) {
    if (!isRefusal(err) || err.kind !== 'conflict' || status === undefined) throw err;
    warnings.push(`its status on the old site (${item.status}) cannot be reached from ${current.status} in one step; the status here is kept`);
    return (await changeArticle({ ...run.ctx, handle: tx }, run.actor, current, { changes })).article;
  }
}

/** Each old address of a public article leads to it; the count goes to the report. */
async function keepOldAddresses(tx: Db, run: ImportRun, article: Article, oldAddresses: string[]): Promise<string | undefined> {
  if (!isPublic(article.status, article.publishedAt)) return undefined;
  const expert = await getExpertById(tx, article.expertId);
  if (!expert) return undefined;
  const path = articlePath(expert.slug, article.slug);
  for (const address of oldAddresses) if (await recordMove(tx, address, path, { origin: 'import' })) run.report.redirects++;
  return path;
}

/** Imports one post as an article, or brings the one an earlier run made up to date (see saveSourceItem). */
export function saveSourceArticle(run: ImportRun, item: SourceArticle, warnings: string[]): Promise<SavedSourceItem> {
  return saveSourceItem<Article>(
    run,
    {
      key: item.key,
      reportKind: 'post',
      label: item.label,
      targetKind: 'article',
      content: { ...item, label: undefined },
      publicAddresses: isPublic(item.status, item.publishedAt) ? item.oldAddresses.length : 0,
      find: getArticleById,
      async save(tx, current) {
        const article = current
          ? await updateFrom(tx, run, current, item, warnings)
          : (await createArticle({ ...run.ctx, handle: tx }, run.actor, { changes: { ...changesOf(item, await slugFor(tx, item)), expertId: item.expertId }, status: item.status })).article;
        if (item.times) await restoreArticleTimesFromExport(tx, article.id, item.times);
        return { target: article, path: await keepOldAddresses(tx, run, article, item.oldAddresses) };
      },
    },
    warnings,
  );
}
