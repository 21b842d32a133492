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
export interface ExpertTables {
  experts: ExpertsTable;
}
