import type { Generated } from 'kysely';

export interface ExpertsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: string;
  affiliation: string;
  bio: string;
  photoMediaId: number | null;
  /** The expert's profiles elsewhere, a JSON array of https URLs (see profileLinks). */
  sameAs: Generated<string>;
  createdAt: string;
  updatedAt: string;
}

/**
 * An expert's texts in another language than the site's default (whose texts are the expert's own
 * columns). An empty one falls back to the default language's: a name is often the same in both.
 */
export interface ExpertTranslationsTable {
  expertId: number;
  language: string;
  name: string;
  position: string;
  affiliation: string;
  bio: string;
}

export interface ExpertTables {
  experts: ExpertsTable;
  expertTranslations: ExpertTranslationsTable;
}
