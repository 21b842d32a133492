import type { Generated } from 'kysely';

export const tagKinds = ['topic', 'region', 'country'] as const;
export type TagKind = (typeof tagKinds)[number];

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  /** The name in the site's default language. */
  name: string;
  kind: TagKind;
  /** What the tag covers, as Markdown typed in the office ('' for none); shown on its page under its name. */
  description: Generated<string>;
  /** The description rendered and sanitised once, at save. */
  descriptionHtml: Generated<string>;
}

/** A tag's name in another language; a tag without one there is shown by its place name or its own name (tagsInLanguage). */
export interface TagTranslationsTable {
  tagId: number;
  language: string;
  /** '' when the row carries only a description: the name then falls back as if there were no row. */
  name: string;
  description: Generated<string>;
  descriptionHtml: Generated<string>;
}

export interface TagTables {
  tags: TagsTable;
  tagTranslations: TagTranslationsTable;
}
