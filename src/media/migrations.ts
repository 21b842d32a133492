import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const mediaMigrations: Record<string, Migration> = {
  '0002_media': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('media'))
        .addColumn('hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('mime', 'varchar(50)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('alt', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('credit', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('credit_url', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
        .addColumn('variant_widths', 'varchar(100)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('original', t.binary, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('media_variants')
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('format', 'varchar(10)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('bytes', t.binary, (c) => c.notNull())
        .addPrimaryKeyConstraint('media_variants_pk', ['media_id', 'format', 'width'])
        .execute();
    },
  },
};
