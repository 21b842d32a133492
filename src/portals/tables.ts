export const portalSlugs = ['business', 'researchers', 'students'] as const;
export type PortalSlug = (typeof portalSlugs)[number];

export interface PortalsTable {
  slug: PortalSlug;
  /** The title and introduction in the site's default language. */
  title: string;
  introMarkdown: string;
  introHtml: string;
  updatedAt: string;
}
/** A portal's title and introduction in another language; an empty one falls back to the default language's. */
export interface PortalTranslationsTable {
  portalSlug: PortalSlug;
  language: string;
  title: string;
  introMarkdown: string;
  introHtml: string;
  updatedAt: string;
}
export interface PortalArticlesTable {
  portalSlug: PortalSlug;
  articleId: number;
  position: number;
}
export interface PortalTables {
  portals: PortalsTable;
  portalTranslations: PortalTranslationsTable;
  portalArticles: PortalArticlesTable;
}
