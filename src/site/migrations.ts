import type { Kysely, Migration } from 'kysely';

export const siteMigrations: Record<string, Migration> = {
  '0001_site_settings': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
