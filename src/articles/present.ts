import type { Db } from '../schema.ts';
import { getExpertBySlug, getExpertsByIds, type Expert } from '../experts/store.ts';
import { expertPath, expertTitleLine } from '../experts/present.ts';
import { parseProfileLinks } from '../experts/links.ts';
import { isSlug } from '../db/slug.ts';
import { getMediaByIds, pictureView } from '../media/store.ts';
import { getTagsByIds } from '../tags/store.ts';
import type { PictureView } from '../views/picture.tsx';
import { editionPrefix, englishOnly, type Editions } from '../views/i18n/languages.ts';
import { memoPerGenerationByKey, memoPerHandle, memoRowsPerGeneration } from '../http/generation-memo.ts';
import { getPublishedArticle, tagIdsByArticle, type ArticleSummary, type PageArticle } from './store.ts';

export interface ExpertRef {
  name: string;
  slug: string;
  url: string;
}

export interface ArticleCard {
  id: number;
  slug: string;
  title: string;
  lead: string;
  url: string;
  publishedAt: string;
  language: string;
  expert: ExpertRef;
  image?: PictureView;
  tags: Array<{ id: number; slug: string; name: string; kind: string }>;
}

export interface ArticlePageView extends ArticleCard {
  bodyHtml: string;
  updatedAt: string;
  expertPosition: string;
  /** The expert as citation metadata describes them: position, institution, profiles elsewhere. */
  expertProfile: { jobTitle: string; affiliation: string; sameAs: string[] };
  pollId: number | null;
}

/**
 * When readers last saw the article change: its last edit, or its publication when that came later
 * (an article scheduled ahead is new to readers when it appears, not when it was last edited).
 */
export const lastChangedAt = (article: { updatedAt: string; publishedAt: string }) => (article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt);

/**
 * An article's address: under its edition's prefix when it is written in a language that has an edition
 * besides the default one (`/ru/blogs/…`). A slug chosen by hand may be in Cyrillic: it is percent-encoded.
 */
export const articlePath = (expertSlug: string, articleSlug: string, editionPrefix = '') => `${editionPrefix}/blogs/${expertSlug}/${encodeURIComponent(articleSlug)}`;

function expertRef(expert: Expert): ExpertRef {
  return { name: expert.name, slug: expert.slug, url: expertPath(expert.slug) };
}

export interface PresentOptions {
  /** Experts the caller has already read, to save the query. */
  knownExperts?: Expert[];
  /** Cards show no tags; only pages and the API ask for them, which costs two more queries. */
  withTags?: boolean;
  /** The widest image variant the srcset offers. */
  maxImageWidth?: number;
  /** The request's content generation: experts, images and tags are then read once per generation. */
  generation?: number;
  /** The site's editions, which give each article's address its prefix (`/ru/…`); English only when not given. */
  editions?: Editions;
}

/**
 * Experts, images and tags as the pages of one content generation show them: every article page
 * shows a few of the same few hundred, and each content change moves the generation on.
 */
const sharedRows = memoPerHandle((handle: Db) => ({
  experts: memoRowsPerGeneration((ids) => getExpertsByIds(handle, ids)),
  media: memoRowsPerGeneration((ids) => getMediaByIds(handle, ids)),
  tags: memoRowsPerGeneration((ids) => getTagsByIds(handle, ids)),
  expertBySlug: memoPerGenerationByKey((slug: string) => getExpertBySlug(handle, slug)),
}));

/** Joins articles with their experts, images and tags in at most four queries, whatever the number of articles. */
export async function presentArticles(handle: Db, articles: ArticleSummary[], options: PresentOptions = {}): Promise<ArticleCard[]> {
  if (articles.length === 0) return [];
  const known = new Map((options.knownExperts ?? []).map((e) => [e.id, e]));
  const missingExperts = articles.map((a) => a.expertId).filter((id) => !known.has(id));
  const withTags = options.withTags ?? false;
  const { generation } = options;
  const shared = sharedRows(handle);
  const [fetchedExperts, media, tagIds] = await Promise.all([
    shared.experts(generation, missingExperts),
    shared.media(
      generation,
      articles.flatMap((a) => (a.heroMediaId ? [a.heroMediaId] : [])),
    ),
    withTags
      ? tagIdsByArticle(
          handle,
          articles.map((a) => a.id),
        )
      : new Map<number, number[]>(),
  ]);
  const experts = new Map([...known, ...fetchedExperts]);
  const tags = await shared.tags(generation, [...tagIds.values()].flat());
  return articles.flatMap((a) => {
    const expert = experts.get(a.expertId);
    if (!expert) return [];
    const image = a.heroMediaId ? media.get(a.heroMediaId) : undefined;
    return [
      {
        id: a.id,
        slug: a.slug,
        title: a.title,
        lead: a.lead,
        url: articlePath(expert.slug, a.slug, editionPrefix(options.editions ?? englishOnly, a.language)),
        publishedAt: a.publishedAt ?? a.createdAt,
        language: a.language,
        expert: expertRef(expert),
        image: image ? pictureView(image, { maxWidth: options.maxImageWidth }) : undefined,
        tags: (tagIds.get(a.id) ?? []).flatMap((id) => {
          const tag = tags.get(id);
          return tag ? [{ id, slug: tag.slug, name: tag.name, kind: tag.kind }] : [];
        }),
      },
    ];
  });
}

export async function presentArticlePage(handle: Db, article: PageArticle, expert: Expert, generation?: number): Promise<ArticlePageView> {
  const [card] = await presentArticles(handle, [article], { knownExperts: [expert], withTags: true, generation });
  return {
    ...card!,
    bodyHtml: article.bodyHtml,
    updatedAt: article.updatedAt,
    expertPosition: expertTitleLine(expert),
    expertProfile: { jobTitle: expert.position, affiliation: expert.affiliation, sameAs: parseProfileLinks(expert.sameAs) },
    pollId: article.pollId,
  };
}

/** A published article by its address, ready for its page; undefined for a draft or an unknown address. */
export async function findPublishedArticlePage(handle: Db, expertSlug: string, articleSlug: string, generation?: number): Promise<{ expert: Expert; view: ArticlePageView } | undefined> {
  if (!isSlug(expertSlug) || !isSlug(articleSlug)) return undefined;
  const expert = await sharedRows(handle).expertBySlug(generation, expertSlug);
  const article = expert && (await getPublishedArticle(handle, expert.id, articleSlug));
  if (!expert || !article) return undefined;
  return { expert, view: await presentArticlePage(handle, article, expert, generation) };
}
