import { PostgresAdapter, type Kysely, type Migration } from 'kysely';
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
  '0012_sign_in': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await db.schema
        .alterTable('users')
        .addColumn('name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .execute();
      // Set when an administrator turns an account off; its sessions and tokens stop working at once.
      await db.schema.alterTable('users').addColumn('disabled_at', t.timestamp).execute();
      await withId(db, db.schema.createTable('sessions'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expiry_idx').on('sessions').column('expires_at').execute();
      // Failed sign-ins per account and per network in fixed windows; keys are keyed hashes, never addresses.
      await db.schema
        .createTable('sign_in_failures')
        .addColumn('key', 'varchar(80)', (c) => c.notNull())
        .addColumn('window_start', 'integer', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sign_in_failures_pk', ['key', 'window_start'])
        .execute();
      // One-time links for invitations and password resets; only their hashes are kept.
      await withId(db, db.schema.createTable('user_links'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'varchar(10)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .execute();
      await db.schema.createIndex('user_links_user_idx').on('user_links').column('user_id').execute();
    },
  },
  '0021_sign_in_networks': {
    async up(db: Kysely<any>) {
      // Self-contained: the column types are spelled out here, so later helpers cannot change this migration.
      const timestamp = db.getExecutor().adapter instanceof PostgresAdapter ? 'timestamptz' : 'text';
      // The networks each account has signed in from, as keyed hashes: past the ceiling of failures at an
      // account, only these are let through, so an attacker cannot lock the owner out of their usual network.
      await db.schema
        .createTable('sign_in_networks')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('network', 'varchar(64)', (c) => c.notNull())
        .addColumn('last_used_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('sign_in_networks_pk', ['user_id', 'network'])
        .execute();
      await db.schema.createIndex('sign_in_networks_last_used_idx').on('sign_in_networks').column('last_used_at').execute();
    },
  },
};
