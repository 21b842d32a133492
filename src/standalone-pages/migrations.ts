import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const standalonePageMigrations: Record<string, Migration> = {
  '0026_standalone_pages': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('standalone_pages'))
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('path', 'varchar(300)', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('menu', 'varchar(12)', (c) => c.notNull())
        .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('body_markdown', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('published_at', t.timestamp)
        .execute();
      // Every reader's page asks for the published pages of each menu.
      await db.schema.createIndex('standalone_pages_menu_idx').on('standalone_pages').columns(['status', 'menu', 'menu_order']).execute();
      await withId(db, db.schema.createTable('standalone_page_revisions'))
        .addColumn('page_id', 'integer', (c) => c.notNull().references('standalone_pages.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('saved_by', 'varchar(300)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('path', 'varchar(300)', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('menu', 'varchar(12)', (c) => c.notNull())
        .addColumn('menu_order', 'integer', (c) => c.notNull())
        .addColumn('body_markdown', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('standalone_page_revisions_page_number_idx').unique().on('standalone_page_revisions').columns(['page_id', 'number']).execute();
      await db.schema.createIndex('standalone_page_revisions_user_idx').on('standalone_page_revisions').column('user_id').execute();
    },
  },
};
