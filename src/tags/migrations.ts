import type { Kysely, Migration } from 'kysely';
import { withId } from '../db/schema-types.ts';

export const tagMigrations: Record<string, Migration> = {
  '0005_tags': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('tags'))
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .execute();
    },
  },
};
