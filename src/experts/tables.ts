import type { Generated } from 'kysely';

export interface ExpertsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: string;
  affiliation: string;
  bio: string;
  photoMediaId: number | null;
  createdAt: string;
  updatedAt: string;
}
export interface ExpertTables {
  experts: ExpertsTable;
}
