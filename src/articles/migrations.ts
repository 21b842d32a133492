import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const articleMigrations: Record<string, Migration> = {
  '0006_articles': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('articles'))
        .addColumn('expert_id', 'integer', (c) => c.notNull().references('experts.id').onDelete('cascade'))
        .addColumn('slug', 'varchar(160)', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('hero_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('language', 'varchar(12)', (c) => c.notNull().defaultTo('en'))
        .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        // The long texts come last: SQLite reads a row's columns in order, so listings that skip them stay fast.
        .addColumn('body_markdown', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addUniqueConstraint('articles_expert_slug_unique', ['expert_id', 'slug'])
        .execute();
      await db.schema.createIndex('articles_published_idx').on('articles').columns(['status', 'published_at', 'id']).execute();
      await db.schema.createIndex('articles_featured_idx').on('articles').columns(['featured', 'status', 'published_at']).execute();
      await db.schema.createIndex('articles_expert_published_idx').on('articles').columns(['expert_id', 'status', 'published_at', 'id']).execute();
      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('article_tags_tag_idx').on('article_tags').columns(['tag_id', 'article_id']).execute();
    },
  },
  '0009_article_poll': {
    async up(db: Kysely<any>) {
      // The reader poll an article carries in place of the site's current poll.
      await db.schema.alterTable('articles').addColumn('poll_id', 'integer', (c) => c.references('polls.id').onDelete('set null')).execute();
    },
  },
};
