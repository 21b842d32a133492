import type { Generated } from 'kysely';

export const articleStatuses = ['draft', 'published'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

export interface ArticlesTable {
  id: Generated<number>;
  expertId: number;
  slug: string;
  title: string;
  lead: string;
  bodyMarkdown: string;
  /** Sanitised HTML, rendered once at save so that reads never run the renderer. */
  bodyHtml: string;
  heroMediaId: number | null;
  status: ArticleStatus;
  language: string;
  featured: number;
  /** The poll shown on the article instead of the site's current poll. */
  pollId: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface ArticleTagsTable {
  articleId: number;
  tagId: number;
}
export interface ArticleTables {
  articles: ArticlesTable;
  articleTags: ArticleTagsTable;
}
