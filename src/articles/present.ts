import type { Db } from '../schema.ts';
import { getExpertsByIds, type Expert } from '../experts/store.ts';
import { getMediaByIds, pictureView } from '../media/store.ts';
import { getTagsByIds } from '../tags/store.ts';
import type { PictureView } from '../views/picture.tsx';
import { tagIdsByArticle, type Article, type ArticleSummary } from './store.ts';

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
  tags: Array<{ slug: string; name: string; kind: string }>;
}

export interface ArticlePageView extends ArticleCard {
  bodyHtml: string;
  updatedAt: string;
  expertPosition: string;
}

export const articlePath = (expertSlug: string, articleSlug: string) => `/blogs/${expertSlug}/${articleSlug}`;
export const expertPath = (expertSlug: string) => `/blogs/${expertSlug}`;

export function expertRef(expert: Expert): ExpertRef {
  return { name: expert.name, slug: expert.slug, url: expertPath(expert.slug) };
}

/** Joins articles with their experts, images and tags in three queries, whatever the number of articles. */
export async function presentArticles(handle: Db, articles: ArticleSummary[]): Promise<ArticleCard[]> {
  const ids = articles.map((a) => a.id);
  const [experts, media, tagIds] = await Promise.all([
    getExpertsByIds(handle, articles.map((a) => a.expertId)),
    getMediaByIds(handle, articles.flatMap((a) => (a.heroMediaId ? [a.heroMediaId] : []))),
    tagIdsByArticle(handle, ids),
  ]);
  const tags = await getTagsByIds(handle, [...tagIds.values()].flat());
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
        url: articlePath(expert.slug, a.slug),
        publishedAt: a.publishedAt ?? a.createdAt,
        language: a.language,
        expert: expertRef(expert),
        image: image ? pictureView(image) : undefined,
        tags: (tagIds.get(a.id) ?? []).flatMap((id) => {
          const tag = tags.get(id);
          return tag ? [{ slug: tag.slug, name: tag.name, kind: tag.kind }] : [];
        }),
      },
    ];
  });
}

export async function presentArticlePage(handle: Db, article: Article, expert: Expert): Promise<ArticlePageView> {
  const [card] = await presentArticles(handle, [article]);
  return { ...card!, bodyHtml: article.bodyHtml, updatedAt: article.updatedAt, expertPosition: [expert.position, expert.affiliation].filter(Boolean).join(', ') };
}
