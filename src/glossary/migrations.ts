import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, dialectOf, withId } from '../db/schema-types.ts';

export const glossaryMigrations: Record<string, Migration> = {
  '0018_glossary': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('glossary_terms'))
        .addColumn('term', 'varchar(100)', (c) => c.notNull())
        .addColumn('term_key', 'text', (c) => c.notNull().unique())
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('expansion', 'varchar(300)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0034_glossary_languages': {
    async up(db: Kysely<any>) {
      // A term belongs to a language: each edition lists and marks its own. The terms there are were
      // written for English articles. A term is unique in its language, whatever its case: the unique
      // key on term_key alone becomes one on (language, term_key).
      if (dialectOf(db) === 'postgres') {
        await db.schema
          .alterTable('glossary_terms')
          .addColumn('language', 'varchar(12)', (c) => c.notNull().defaultTo('en'))
          .execute();
        await sql`alter table glossary_terms drop constraint glossary_terms_term_key_key`.execute(db);
      } else {
        // SQLite cannot drop a column's unique constraint: the table is made again without it, ids kept,
        // and its id counter carried over so that ids are never reused.
        await withId(db, db.schema.createTable('glossary_terms_0034'))
          .addColumn('term', 'varchar(100)', (c) => c.notNull())
          .addColumn('term_key', 'text', (c) => c.notNull())
          .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
          .addColumn('expansion', 'varchar(300)', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('language', 'varchar(12)', (c) => c.notNull().defaultTo('en'))
          .execute();
        await sql`insert into glossary_terms_0034 (id, term, term_key, slug, expansion, created_at, updated_at, definition)
          select id, term, term_key, slug, expansion, created_at, updated_at, definition from glossary_terms`.execute(db);
        await sql`delete from sqlite_sequence where name = 'glossary_terms_0034'`.execute(db);
        await sql`insert into sqlite_sequence (name, seq) select 'glossary_terms_0034', seq from sqlite_sequence where name = 'glossary_terms'`.execute(db);
        await db.schema.dropTable('glossary_terms').execute();
        await db.schema.alterTable('glossary_terms_0034').renameTo('glossary_terms').execute();
      }
      await db.schema.createIndex('glossary_terms_language_term_key').unique().on('glossary_terms').columns(['language', 'term_key']).execute();
    },
  },
};
