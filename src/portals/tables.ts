export const portalSlugs = ['business', 'researchers', 'students'] as const;
export type PortalSlug = (typeof portalSlugs)[number];

export interface PortalsTable {
  slug: PortalSlug;
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
  portalArticles: PortalArticlesTable;
}
