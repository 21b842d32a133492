import type { Kysely, Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const auditMigrations: Record<string, Migration> = {
  '0013_audit_events': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('audit_events'))
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('actor_label', 'varchar(320)', (c) => c.notNull())
        .addColumn('action', 'varchar(60)', (c) => c.notNull())
        .addColumn('subject_kind', 'varchar(30)', (c) => c.notNull())
        .addColumn('subject_id', 'integer')
        .addColumn('subject_label', 'varchar(300)', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('ip', 'varchar(64)', (c) => c.notNull())
        .execute();
      // The log is read newest first, for everything or for one subject (an article's history).
      await db.schema.createIndex('audit_events_subject_idx').on('audit_events').columns(['subject_kind', 'subject_id', 'id']).execute();
      await db.schema.createIndex('audit_events_user_idx').on('audit_events').columns(['user_id', 'id']).execute();
    },
  },
};
