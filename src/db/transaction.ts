import { sql } from 'kysely';
import type { DatabaseHandle } from './connect.ts';

/**
 * Runs the work in one transaction: a new one, or the caller's when the handle is already inside one,
 * so that a store's own transaction joins a command's (the change and its audit entry commit together).
 */
export async function withTransaction<DB, T>(handle: DatabaseHandle<DB>, work: (tx: DatabaseHandle<DB>) => Promise<T>): Promise<T> {
  if (handle.db.isTransaction) return work(handle);
  return handle.db.transaction().execute((trx) => work({ ...handle, db: trx }));
}

let savepoints = 0;

/**
 * Runs statements that may fail (an insert whose slug another request took meanwhile) without spoiling
 * the transaction around them: PostgreSQL gives up a whole transaction at its first error, so a retry
 * needs the savepoint to go back to. Outside a transaction each statement stands alone anyway.
 */
export async function withSavepoint<DB, T>(handle: DatabaseHandle<DB>, work: (tx: DatabaseHandle<DB>) => Promise<T>): Promise<T> {
  if (!handle.db.isTransaction) return work(handle);
  const name = sql.id(`attempt_${++savepoints}`);
  await sql`savepoint ${name}`.execute(handle.db);
  try {
    const result = await work(handle);
    await sql`release savepoint ${name}`.execute(handle.db);
    return result;
  } catch (err) {
    await sql`rollback to savepoint ${name}`.execute(handle.db);
    throw err;
  }
}
