import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

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
};
