import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { lockKeys, withAdvisoryLock } from './lock.ts';
import type { DatabaseHandle } from './connect.ts';

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
  return withAdvisoryLock(handle, lockKeys.migrations, () => run(handle.db));
}
