import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './connect.ts';

// Any constant works; it only has to be the same in every Rostrum process.
const MIGRATION_LOCK_KEY = 4_210_517_001;

class ListProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema up to date. On PostgreSQL a session advisory lock serialises processes that
 * start together, so exactly one applies each migration and the others wait and find nothing to do.
 */
export async function migrateToLatest<DB>(handle: DatabaseHandle<DB>, migrations: Record<string, Migration>): Promise<MigrationReport> {
  const run = async (db: Kysely<any>) => {
    const migrator = new Migrator({ db, provider: new ListProvider(migrations) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
  };
  if (handle.dialect !== 'postgres') return run(handle.db);
  return handle.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await run(conn);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
