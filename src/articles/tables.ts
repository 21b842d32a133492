import type { Generated } from 'kysely';

/** Where an article stands in the editorial workflow; readers see only `published` ones whose time has come. */
export const articleStatuses = ['draft', 'in_review', 'published'] as const;
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
  /** The editor's note when the article was returned to its author; cleared when it moves on. */
  reviewNote: Generated<string | null>;
  returnedAt: Generated<string | null>;
  /** When the article was last submitted for review. */
  submittedAt: Generated<string | null>;
  /** The places its text discusses, found at each save: JSON [{kind, slug, name}]. */
  suggestedTags: Generated<string>;
  /** Its versions in other languages share this: the id of the first of them; null while it has none. */
  translationGroup: Generated<number | null>;
}
/** The experts who wrote an article beside the one whose blog it is on (articles.expert_id), in byline order from 1. */
export interface ArticleCoauthorsTable {
  articleId: number;
  expertId: number;
  position: number;
}
export interface ArticleTagsTable {
  articleId: number;
  tagId: number;
}

/** A snapshot of an article as one save left it; numbered 1, 2, 3… per article. */
export interface ArticleRevisionsTable {
  id: Generated<number>;
  articleId: number;
  number: number;
  /** Who saved; null once their account is gone, or for saves made by the system (the CLI, the demo). */
  userId: number | null;
  createdAt: string;
  title: string;
  lead: string;
  bodyMarkdown: string;
  slug: string;
  heroMediaId: number | null;
  /** The article's tags as comma-joined slugs. */
  tags: string;
  status: ArticleStatus;
  publishedAt: string | null;
  /** What the save was: "Saved draft", "Submitted for review", "Returned: …", "Autosave"… */
  note: string;
  /** 1 for an autosave, which later autosaves by the same person may fold into. */
  autosave: number;
}

export interface ArticleTables {
  articles: ArticlesTable;
  articleTags: ArticleTagsTable;
  articleCoauthors: ArticleCoauthorsTable;
  articleRevisions: ArticleRevisionsTable;
}
