import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const noticeMigrations: Record<string, Migration> = {
  '0037_notices': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('notices'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('article_title', 'varchar(500)', (c) => c.notNull())
        .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('visible_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notices_user_visible').on('notices').columns(['user_id', 'visible_at']).execute();
      await db.schema.createIndex('notices_article').on('notices').column('article_id').execute();
      await db.schema
        .createTable('notice_settings')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('email_off', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seen_until', t.timestamp)
        .execute();
    },
  },
  '0038_notice_mails': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('notice_mails'))
        .addColumn('notice_id', 'integer', (c) => c.notNull().unique().references('notices.id').onDelete('cascade'))
        .addColumn('not_before', t.timestamp, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_until', t.timestamp)
        .addColumn('claim_token', 'varchar(64)')
        .addColumn('sent_at', t.timestamp)
        .addColumn('failed_at', t.timestamp)
        .addColumn('last_error', 'varchar(500)')
        .execute();
      await db.schema.createIndex('notice_mails_due').on('notice_mails').columns(['sent_at', 'failed_at', 'not_before']).execute();
    },
  },
};
