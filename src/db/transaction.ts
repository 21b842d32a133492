import type { DatabaseHandle } from './connect.ts';

/**
 * Runs the work in one transaction: a new one, or the caller's when the handle is already inside one,
 * so that a store's own transaction joins a command's (the change and its audit entry commit together).
 */
export async function withTransaction<DB, T>(handle: DatabaseHandle<DB>, work: (tx: DatabaseHandle<DB>) => Promise<T>): Promise<T> {
  if (handle.db.isTransaction) return work(handle);
  return handle.db.transaction().execute((trx) => work({ ...handle, db: trx }));
}
