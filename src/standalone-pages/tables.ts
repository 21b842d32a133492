import type { Generated } from 'kysely';

/** Whether readers see a page: a draft is seen in the office only. */
export const pageStatuses = ['draft', 'published'] as const;
export type PageStatus = (typeof pageStatuses)[number];

/** Where a published page is linked from on every reader's page: the masthead's navigation, the footer, or nowhere. */
export const pageMenus = ['masthead', 'footer', 'none'] as const;
export type PageMenu = (typeof pageMenus)[number];

/** A page outside the experts' blogs (About, Contact, Terms), served at its own path (`/about/team`). */
export interface StandalonePagesTable {
  id: Generated<number>;
  title: string;
  /** Slugs joined by "/", without the leading slash: `about` or `about/team`. Unique. */
  path: string;
  status: PageStatus;
  menu: PageMenu;
  /** Where the page stands in its menu: lower first, then by title. */
  menuOrder: number;
  bodyMarkdown: string;
  /** The body rendered and sanitised once, at save. */
  bodyHtml: string;
  createdAt: string;
  updatedAt: string;
  /** When the page was last made public; null while it is a draft. */
  publishedAt: string | null;
}

/** A page as one save left it: the office shows the history and any earlier text. */
export interface StandalonePageRevisionsTable {
  id: Generated<number>;
  pageId: number;
  /** 1, 2, 3… within the page. */
  number: number;
  /** Who saved; null once their account is gone, or for saves made by the system (the CLI, an importer). */
  userId: number | null;
  /** Who saved, as named at the time (their name or e-mail, or the system actor's label). */
  savedBy: string;
  createdAt: string;
  title: string;
  path: string;
  status: PageStatus;
  menu: PageMenu;
  menuOrder: number;
  bodyMarkdown: string;
}

export interface StandalonePageTables {
  standalonePages: StandalonePagesTable;
  standalonePageRevisions: StandalonePageRevisionsTable;
}
