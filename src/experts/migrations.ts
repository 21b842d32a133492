import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const expertMigrations: Record<string, Migration> = {
  '0003_experts': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('experts'))
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('position', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('affiliation', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  },
  // Profile links (ORCID, Google Scholar, LinkedIn, …) as a JSON array of https addresses.
  '0017_expert_links': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('experts')
        .addColumn('same_as', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
};
