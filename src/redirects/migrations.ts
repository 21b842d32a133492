import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const redirectMigrations: Record<string, Migration> = {
  '0025_redirects': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('redirects'))
        .addColumn('from_path', 'text', (c) => c.notNull().unique())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull().defaultTo(301))
        .addColumn('prefix', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('origin', 'varchar(20)', (c) => c.notNull())
        .addColumn('note', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      // Lookups by target: collapsing chains finds the redirects that point at an address that moves.
      await db.schema.createIndex('redirects_target').on('redirects').column('target').execute();
    },
  },
};
