import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, withId } from '../db/schema-types.ts';

export const pollMigrations: Record<string, Migration> = {
  '0008_polls': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('polls'))
        .addColumn('question', 'varchar(500)', (c) => c.notNull())
        .addColumn('max_choices', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('results_policy', 'varchar(12)', (c) => c.notNull().defaultTo('always'))
        .addColumn('opens_at', t.timestamp)
        .addColumn('closes_at', t.timestamp)
        .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await withId(db, db.schema.createTable('poll_options'))
        .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('label', 'varchar(300)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('poll_options_poll_idx').on('poll_options').columns(['poll_id', 'position']).execute();
      await withId(db, db.schema.createTable('poll_ballots'))
        .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
        .addColumn('voter', 'varchar(64)', (c) => c.notNull())
        .addColumn('cast_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('poll_ballots_one_per_voter', ['poll_id', 'voter'])
        .execute();
      await db.schema
        .createTable('poll_choices')
        .addColumn('ballot_id', 'integer', (c) => c.notNull().references('poll_ballots.id').onDelete('cascade'))
        .addColumn('poll_id', 'integer', (c) => c.notNull())
        .addColumn('option_id', 'integer', (c) => c.notNull().references('poll_options.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('poll_choices_pk', ['ballot_id', 'option_id'])
        .execute();
      await db.schema.createIndex('poll_choices_count_idx').on('poll_choices').columns(['poll_id', 'option_id']).execute();
    },
  },
  '0010_poll_vote_windows': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('poll_vote_windows')
        .addColumn('network', 'varchar(32)', (c) => c.notNull())
        .addColumn('window_start', 'integer', (c) => c.notNull())
        .addColumn('votes', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('poll_vote_windows_pk', ['network', 'window_start'])
        .execute();
    },
  },
  '0011_poll_tallies': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('polls')
        .addColumn('voters', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('poll_options')
        .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Polls that already have votes start from their count.
      await sql`update polls set voters = (select count(*) from poll_ballots b where b.poll_id = polls.id)`.execute(db);
      await sql`update poll_options set votes = (select count(*) from poll_choices c where c.option_id = poll_options.id)`.execute(db);
    },
  },
  '0029_poll_languages': {
    async up(db: Kysely<any>) {
      // A poll is asked in one language, and shown in that language's edition (`/ru/polls`); polls made before
      // editions were English, as every article was.
      await db.schema
        .alterTable('polls')
        .addColumn('language', 'varchar(12)', (c) => c.notNull().defaultTo('en'))
        .execute();
      // Each edition asks its own current poll, and lists its own conducted polls.
      await db.schema.createIndex('polls_language_current_idx').on('polls').columns(['language', 'is_current']).execute();
    },
  },
};
