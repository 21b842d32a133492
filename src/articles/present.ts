import type { Db } from '../schema.ts';
import { expertsInLanguage, getExpertBySlug, getExpertsByIds, type Expert } from '../experts/store.ts';
import { expertPath, expertTitleLine } from '../experts/present.ts';
import { parseProfileLinks } from '../experts/links.ts';
import { isAnyScriptSlug, isSlug } from '../db/slug.ts';
import { getMediaByIds, pictureView } from '../media/store.ts';
import { getTagsByIds, tagsInLanguage, type Tag } from '../tags/store.ts';
import type { PictureView } from '../views/picture.tsx';
import { defaultLanguageOf, editionLanguages, editionOf, editionPrefix, englishOnly, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { publishedTranslationsOf } from './translations.ts';
import { authorIds, coauthorIdsByArticle } from './authors.ts';
import { memoPerGenerationByKey, memoPerHandle, memoRowsPerGeneration } from '../http/generation-memo.ts';
import { articlePath } from './paths.ts';
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
  /** The expert whose blog it is on: the first of its authors. */
  expert: ExpertRef;
  /** Everyone who wrote it, in byline order, the lead first. */
  authors: ExpertRef[];
  image?: PictureView;
  tags: Array<{ id: number; slug: string; name: string; kind: string }>;
}

export interface AuthorProfile {
  jobTitle: string;
  affiliation: string;
  sameAs: string[];
}

export interface ArticlePageView extends ArticleCard {
  /** The group of its versions in other languages, named by the first version's id; null when it has none. */
  translationGroup: number | null;
  bodyHtml: string;
  updatedAt: string;
  expertPosition: string;
  /** The expert as citation metadata describes them: position, institution, profiles elsewhere. */
  expertProfile: AuthorProfile;
  /** Each author so, in byline order (the lead's is expertProfile). */
  authorProfiles: Array<ExpertRef & AuthorProfile>;
  pollId: number | null;
}

/**
 * When readers last saw the article change: its last edit, or its publication when that came later
 * (an article scheduled ahead is new to readers when it appears, not when it was last edited).
 */
export const lastChangedAt = (article: { updatedAt: string; publishedAt: string }) => (article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt);

/** The expert as an article names them: their blog in the article's edition. */
function expertRef(expert: Expert, editionPrefix: string): ExpertRef {
  return { name: expert.name, slug: expert.slug, url: editionPrefix + expertPath(expert.slug) };
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
  coauthors: memoRowsPerGeneration((ids) => coauthorIdsByArticle(handle, ids)),
  expertBySlug: memoPerGenerationByKey((slug: string) => getExpertBySlug(handle, slug)),
  // Names in another language and an article's versions, by the same rule: read once per content generation.
  expertsInLanguage: memoPerGenerationByKey(async (key: string) => {
    const [language, ids] = JSON.parse(key) as [string, number[]];
    return expertsInLanguage(handle, [...(await getExpertsByIds(handle, ids)).values()], language);
  }, 2_000),
  tagsInLanguage: memoPerGenerationByKey(async (key: string) => {
    const [language, ids] = JSON.parse(key) as [string, number[]];
    return tagsInLanguage(handle, [...(await getTagsByIds(handle, ids)).values()], language);
  }, 2_000),
  translations: memoPerGenerationByKey((key: string) => {
    const [id, translationGroup] = JSON.parse(key) as [number, number];
    return publishedTranslationsOf(handle, { id, translationGroup });
  }, 10_000),
}));

/**
 * Experts and tags as each article names them: in its own language, where they have names in it (an
 * expert's name in Cyrillic on a Russian article). Articles in the default language need no more queries.
 */
async function namesInArticlesLanguages(handle: Db, articles: ArticleSummary[], experts: Map<number, Expert>, tags: Map<number, Tag>, editions: Editions, generation: number | undefined) {
  const byLanguage = new Map<string, { experts: Map<number, Expert>; tags: Map<number, Tag> }>();
  const others = [...new Set(articles.map((a) => a.language))].filter((language) => language !== defaultLanguageOf(editions));
  const shared = sharedRows(handle);
  const keyOf = (language: string, ids: Iterable<number>) => JSON.stringify([language, [...ids].sort((a, b) => a - b)]);
  await Promise.all(
    others.map(async (language) => {
      const [namedExperts, namedTags] = await Promise.all([shared.expertsInLanguage(generation, keyOf(language, experts.keys())), shared.tagsInLanguage(generation, keyOf(language, tags.keys()))]);
      byLanguage.set(language, { experts: new Map(namedExperts.map((e) => [e.id, e])), tags: new Map(namedTags.map((t) => [t.id, t])) });
    }),
  );
  return { experts: (language: string) => byLanguage.get(language)?.experts ?? experts, tags: (language: string) => byLanguage.get(language)?.tags ?? tags };
}

/** Joins articles with their experts, images and tags in at most four queries, whatever the number of articles. */
export async function presentArticles(handle: Db, articles: ArticleSummary[], options: PresentOptions = {}): Promise<ArticleCard[]> {
  if (articles.length === 0) return [];
  const known = new Map((options.knownExperts ?? []).map((e) => [e.id, e]));
  const missingExperts = articles.map((a) => a.expertId).filter((id) => !known.has(id));
  const withTags = options.withTags ?? false;
  const { generation } = options;
  const shared = sharedRows(handle);
  const [fetchedExperts, media, tagIds, coauthors] = await Promise.all([
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
    shared.coauthors(
      generation,
      articles.map((a) => a.id),
    ),
  ]);
  const experts = new Map([...known, ...fetchedExperts]);
  const coauthorIds = [...new Set([...coauthors.values()].flat())].filter((id) => !experts.has(id));
  // Co-written articles are few: their other authors cost a query only when a listing shows one.
  for (const [id, expert] of coauthorIds.length ? await shared.experts(generation, coauthorIds) : []) experts.set(id, expert);
  const tags = await shared.tags(generation, [...tagIds.values()].flat());
  const named = await namesInArticlesLanguages(handle, articles, experts, tags, options.editions ?? englishOnly, generation);
  return articles.flatMap((a) => {
    const expert = named.experts(a.language).get(a.expertId);
    if (!expert) return [];
    const image = a.heroMediaId ? media.get(a.heroMediaId) : undefined;
    const prefix = editionPrefix(options.editions ?? englishOnly, a.language);
    return [
      {
        id: a.id,
        slug: a.slug,
        title: a.title,
        lead: a.lead,
        url: articlePath(expert.slug, a.slug, prefix),
        publishedAt: a.publishedAt ?? a.createdAt,
        language: a.language,
        expert: expertRef(expert, prefix),
        authors: authorIds(a, coauthors.get(a.id)).flatMap((id) => {
          const author = named.experts(a.language).get(id);
          return author ? [expertRef(author, prefix)] : [];
        }),
        image: image ? pictureView(image, { maxWidth: options.maxImageWidth }) : undefined,
        tags: (tagIds.get(a.id) ?? []).flatMap((id) => {
          const tag = named.tags(a.language).get(id);
          return tag ? [{ id, slug: tag.slug, name: tag.name, kind: tag.kind }] : [];
        }),
      },
    ];
  });
}

export async function presentArticlePage(handle: Db, article: PageArticle, expert: Expert, options: { generation?: number; editions: Editions }): Promise<ArticlePageView> {
  const [card] = await presentArticles(handle, [article], { knownExperts: [expert], withTags: true, ...options });
  const shared = sharedRows(handle);
  const ids = authorIds(article, (await shared.coauthors(options.generation, [article.id])).get(article.id));
  const authors = await shared.experts(options.generation, ids.slice(1));
  authors.set(expert.id, expert);
  // The experts' positions and affiliations as the article's language gives them, like the names on the card.
  const inLanguage =
    article.language === defaultLanguageOf(options.editions)
      ? authors
      : new Map((await shared.expertsInLanguage(options.generation, JSON.stringify([article.language, [...ids].sort((a, b) => a - b)]))).map((e) => [e.id, e]));
  const profileOf = (id: number) => {
    const plain = authors.get(id);
    const named = inLanguage.get(id) ?? plain;
    return plain && named ? { jobTitle: named.position, affiliation: named.affiliation, sameAs: parseProfileLinks(plain.sameAs), titleLine: expertTitleLine(named) } : undefined;
  };
  const lead = profileOf(expert.id)!;
  return {
    ...card!,
    translationGroup: article.translationGroup,
    bodyHtml: article.bodyHtml,
    updatedAt: article.updatedAt,
    expertPosition: lead.titleLine,
    expertProfile: { jobTitle: lead.jobTitle, affiliation: lead.affiliation, sameAs: lead.sameAs },
    authorProfiles: card!.authors.flatMap((ref, i) => {
      const profile = profileOf(ids[i]!);
      return profile ? [{ ...ref, jobTitle: profile.jobTitle, affiliation: profile.affiliation, sameAs: profile.sameAs }] : [];
    }),
    pollId: article.pollId,
  };
}

/** A published version of the article in another edition, as its page links to it. */
export interface ArticleTranslation {
  id: number;
  /** The version's own language tag, and the edition it is read in. */
  language: string;
  edition: EditionLanguage;
  /** The language's name in that language ("Русский"), for the link. */
  languageName: string;
  url: string;
  title: string;
}

/**
 * The article's published versions that readers of another edition can follow: one per edition (the
 * article's own edition has it), in the order of the site's languages.
 */
export async function presentTranslations(handle: Db, article: Pick<ArticlePageView, 'id' | 'language' | 'translationGroup'>, editions: Editions, generation?: number): Promise<ArticleTranslation[]> {
  // Versions are announced by their edition's language: a version in a language without an edition of its
  // own (French on an English and Russian site) is read in the default edition and announces nothing.
  const own = editionOf(editions, article.language);
  if (own !== article.language) return [];
  if (article.translationGroup === null) return [];
  const shared = sharedRows(handle);
  const links = (await shared.translations(generation, JSON.stringify([article.id, article.translationGroup]))).filter((link) => editionOf(editions, link.language) === link.language);
  if (links.length === 0) return [];
  const experts = await shared.experts(generation, [...new Set(links.map((l) => l.expertId))]);
  const byEdition = new Map<EditionLanguage, ArticleTranslation>();
  for (const link of links) {
    const edition = editionOf(editions, link.language);
    const expert = experts.get(link.expertId);
    if (edition === own || byEdition.has(edition) || !expert) continue;
    const url = articlePath(expert.slug, link.slug, editionPrefix(editions, link.language));
    byEdition.set(edition, { id: link.id, language: link.language, edition, languageName: editionLanguages[edition].nativeName, url, title: link.title });
  }
  return editions.languages.flatMap((language) => byEdition.get(language) ?? []);
}

/** A published article by its address, ready for its page; undefined for a draft or an unknown address. */
export async function findPublishedArticlePage(
  handle: Db,
  expertSlug: string,
  articleSlug: string,
  options: { generation?: number; editions: Editions },
): Promise<{ expert: Expert; view: ArticlePageView } | undefined> {
  if (!isSlug(expertSlug) || !isAnyScriptSlug(articleSlug)) return undefined;
  const expert = await sharedRows(handle).expertBySlug(options.generation, expertSlug);
  const article = expert && (await getPublishedArticle(handle, expert.id, articleSlug));
  if (!expert || !article) return undefined;
  return { expert, view: await presentArticlePage(handle, article, expert, options) };
}
