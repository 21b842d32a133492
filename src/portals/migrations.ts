import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '../db/schema-types.ts';

export const portalMigrations: Record<string, Migration> = {
  '0007_portals': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await db.schema
        .createTable('portals')
        .addColumn('slug', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('intro_markdown', 'text', (c) => c.notNull())
        .addColumn('intro_html', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      // The curated list refers to articles by id only; portals read articles through the articles capability.
      await db.schema
        .createTable('portal_articles')
        .addColumn('portal_slug', 'varchar(20)', (c) => c.notNull().references('portals.slug').onDelete('cascade'))
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('portal_articles_pk', ['portal_slug', 'article_id'])
        .execute();
    },
  },
  '0033_portal_translations': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      // A portal's title and introduction in the site's other languages, one row per language; the
      // portal's own are the default language's. Saving a translation saves the portal's row first.
      await db.schema
        .createTable('portal_translations')
        .addColumn('portal_slug', 'varchar(20)', (c) => c.notNull().references('portals.slug').onDelete('cascade'))
        .addColumn('language', 'varchar(12)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('intro_markdown', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('intro_html', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('portal_translations_pk', ['portal_slug', 'language'])
        .execute();
    },
  },
};
