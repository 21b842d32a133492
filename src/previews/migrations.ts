import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const previewMigrations: Record<string, Migration> = {
  '0036_preview_links': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      // A deleted article takes its links along; a removed account leaves the links it made, unattributed.
      await withId(db, db.schema.createTable('preview_links'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('label', 'varchar(100)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .execute();
      // The editor lists an article's links.
      await db.schema.createIndex('preview_links_article_idx').on('preview_links').columns(['article_id', 'id']).execute();
    },
  },
};
