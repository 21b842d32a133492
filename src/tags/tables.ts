import type { Generated } from 'kysely';

export const tagKinds = ['topic', 'region', 'country'] as const;
export type TagKind = (typeof tagKinds)[number];

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: TagKind;
}
export interface TagTables {
  tags: TagsTable;
}
