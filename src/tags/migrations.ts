import type { Kysely, Migration } from 'kysely';
import { withId } from '../db/schema-types.ts';

export const tagMigrations: Record<string, Migration> = {
  '0005_tags': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('tags'))
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .execute();
    },
  },
  '0032_tag_translations': {
    async up(db: Kysely<any>) {
      // A tag's name in the site's other languages, one row per language that has one; the tag's own
      // name is the default language's. The rows go with the tag.
      await db.schema
        .createTable('tag_translations')
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addColumn('language', 'varchar(12)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addPrimaryKeyConstraint('tag_translations_pk', ['tag_id', 'language'])
        .execute();
    },
  },
  '0040_tag_descriptions': {
    async up(db: Kysely<any>) {
      // A tag's description, shown under its name on its page: the Markdown as typed, and the sanitised HTML
      // made from it once, at save (pages never render Markdown). The same again for each other language,
      // beside the tag's name there; a row may now carry a description without a name of its own.
      for (const table of ['tags', 'tag_translations']) {
        await db.schema
          .alterTable(table)
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable(table)
          .addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      }
    },
  },
};
