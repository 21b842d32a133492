import { sql } from 'kysely';
import type { DatabaseHandle } from './connect.ts';

/** Keys for PostgreSQL advisory locks; any constants work as long as every Rostrum process uses the same. */
export const lockKeys = {
  migrations: 4_210_517_001,
  demoContent: 4_210_517_002,
  searchIndex: 4_210_517_003,
} as const;

/**
 * Runs `work` while holding a PostgreSQL session advisory lock, so that processes starting together
 * take turns. The lock lives on one pooled connection; `work` uses the pool as usual. SQLite serves
 * one process, so there the work simply runs.
 */
export async function withAdvisoryLock<DB, T>(handle: DatabaseHandle<DB>, key: number, work: () => Promise<T>): Promise<T> {
  if (handle.dialect !== 'postgres') return work();
  return handle.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
