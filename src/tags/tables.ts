import type { Generated } from 'kysely';

export const tagKinds = ['topic', 'region', 'country'] as const;
export type TagKind = (typeof tagKinds)[number];

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  /** The name in the site's default language. */
  name: string;
  kind: TagKind;
}

/** A tag's name in another language; a tag without one there is shown by its place name or its own name (tagsInLanguage). */
export interface TagTranslationsTable {
  tagId: number;
  language: string;
  name: string;
}

export interface TagTables {
  tags: TagsTable;
  tagTranslations: TagTranslationsTable;
}
