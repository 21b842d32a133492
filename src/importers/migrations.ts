import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const importMigrations: Record<string, Migration> = {
  '0027_import_sources': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('import_sources'))
        .addColumn('source', 'varchar(600)', (c) => c.notNull())
        .addColumn('item_key', 'varchar(300)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
        .addColumn('imported_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('import_sources_item', ['source', 'item_key'])
        .execute();
    },
  },
};
