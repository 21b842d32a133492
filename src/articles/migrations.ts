import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, dialectOf, withId } from '../db/schema-types.ts';
import { suggestedTagsJson0016 } from './migration-0016-places.ts';

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
      await db.schema
        .alterTable('articles')
        .addColumn('poll_id', 'integer', (c) => c.references('polls.id').onDelete('set null'))
        .execute();
    },
  },
  '0014_article_workflow': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      // The review step: an article in review, or returned to its author with the editor's note.
      await db.schema.alterTable('articles').addColumn('review_note', 'text').execute();
      await db.schema.alterTable('articles').addColumn('returned_at', t.timestamp).execute();
      await db.schema.alterTable('articles').addColumn('submitted_at', t.timestamp).execute();
      await withId(db, db.schema.createTable('article_revisions'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('slug', 'varchar(160)', (c) => c.notNull())
        .addColumn('hero_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('published_at', t.timestamp)
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('autosave', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('body_markdown', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('article_revisions_article_number_idx').unique().on('article_revisions').columns(['article_id', 'number']).execute();
      await db.schema.createIndex('article_revisions_user_idx').on('article_revisions').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('articles_updated_idx').on('articles').columns(['updated_at', 'id']).execute();
      // Articles written before revisions were kept start their history with how they stand now.
      const joinedTags = dialectOf(db) === 'postgres' ? sql`string_agg(tags.slug, ',' order by tags.slug)` : sql`group_concat(tags.slug, ',')`;
      await sql`
        insert into article_revisions (article_id, number, user_id, created_at, title, lead, slug, hero_media_id, tags, status, published_at, note, autosave, body_markdown)
        select a.id, 1, null, a.updated_at, a.title, a.lead, a.slug, a.hero_media_id,
          coalesce((select ${joinedTags} from article_tags join tags on tags.id = article_tags.tag_id where article_tags.article_id = a.id), ''),
          a.status, a.published_at, 'As it stood before revisions were kept', 0, a.body_markdown
        from articles a`.execute(db);
    },
  },
  '0016_article_suggested_tags': {
    async up(db: Kysely<any>) {
      // The places detected in the text at the last save, as JSON [{kind, slug, name}] (see src/places/detect.ts).
      // Articles already there get them from place detection frozen as it was when 0016 shipped, in its own module.
      await db.schema
        .alterTable('articles')
        .addColumn('suggested_tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // Articles written before suggestions were made get theirs now, rather than at their next edit.
      for (let afterId = 0; ;) {
        const { rows } = await sql<{ id: number; title: string; lead: string; body: string }>`
          select id, title, lead, body_markdown as body from articles where id > ${afterId} order by id limit 200`.execute(db);
        if (rows.length === 0) break;
        for (const row of rows) await sql`update articles set suggested_tags = ${suggestedTagsJson0016(row)} where id = ${row.id}`.execute(db);
        afterId = rows[rows.length - 1]!.id;
      }
    },
  },
  '0028_article_translations': {
    async up(db: Kysely<any>) {
      // Versions of one article in other languages share a group, named by the id of the first of them
      // (ids are never reused); at most one version per language.
      await db.schema.alterTable('articles').addColumn('translation_group', 'integer').execute();
      await db.schema.createIndex('articles_translation_language_idx').unique().on('articles').columns(['translation_group', 'language']).execute();
      // An edition other than the default one lists the articles in its language, newest first.
      await db.schema.createIndex('articles_language_published_idx').on('articles').columns(['language', 'status', 'published_at', 'id']).execute();
    },
  },
  '0035_article_coauthors': {
    async up(db: Kysely<any>) {
      // The lead author stays articles.expert_id (the article's address is on their blog); the others
      // follow in byline order. An expert who goes takes their co-authorships, not the articles, along.
      await db.schema
        .createTable('article_coauthors')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('expert_id', 'integer', (c) => c.notNull().references('experts.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_coauthors_pk', ['article_id', 'expert_id'])
        .execute();
      // A co-author's blog lists the articles they co-wrote: from the expert to the articles.
      await db.schema.createIndex('article_coauthors_expert_idx').on('article_coauthors').columns(['expert_id', 'article_id']).execute();
    },
  },
  '0042_articles_office_list': {
    async up(db: Kysely<any>) {
      // The office's list walks the archive newest first by last change or by publication, narrowed by status or by
      // expert (src/articles/office-list.ts): each narrowing has an index in that order, so a page reads its rows
      // and no more, at any depth and any size of archive (office-list-plans.test.ts).
      await db.schema.createIndex('articles_status_updated_idx').on('articles').columns(['status', 'updated_at', 'id']).execute();
      await db.schema.createIndex('articles_expert_updated_idx').on('articles').columns(['expert_id', 'updated_at', 'id']).execute();
      await db.schema.createIndex('articles_published_at_idx').on('articles').columns(['published_at', 'id']).execute();
    },
  },
};
