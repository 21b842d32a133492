import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const userMigrations: Record<string, Migration> = {
  '0004_users': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('users'))
        .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
        .addColumn('role', 'varchar(10)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(200)')
        .addColumn('expert_id', 'integer', (c) => c.references('experts.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await withId(db, db.schema.createTable('api_tokens'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('label', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_used_at', t.timestamp)
        .execute();
      // Listing and revoking a user's tokens, and deleting a user, look tokens up by user.
      await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();
    },
  },
};
