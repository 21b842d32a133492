import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const expertMigrations: Record<string, Migration> = {
  '0003_experts': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('experts'))
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('position', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('affiliation', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  },
  // Profile links (ORCID, Google Scholar, LinkedIn, …) as a JSON array of https addresses.
  '0017_expert_links': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('experts')
        .addColumn('same_as', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
  '0031_expert_translations': {
    async up(db: Kysely<any>) {
      // An expert's name, position, affiliation and biography in the site's other languages, one row per
      // language; an empty text falls back to the expert's own (the default language's). The rows go with the expert.
      await db.schema
        .createTable('expert_translations')
        .addColumn('expert_id', 'integer', (c) => c.notNull().references('experts.id').onDelete('cascade'))
        .addColumn('language', 'varchar(12)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('position', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('affiliation', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addPrimaryKeyConstraint('expert_translations_pk', ['expert_id', 'language'])
        .execute();
    },
  },
};
