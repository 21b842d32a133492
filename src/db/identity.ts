import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DatabaseHandle } from './connect.ts';

/**
 * A name for this site's database that no other site's shares and that never changes: a hash of when its
 * first migration ran. It survives a backup restored, a dump loaded elsewhere and a change of address,
 * which is what an export's items need to be known again when imported twice (see README, Export).
 */
export async function databaseIdentity<DB>(handle: DatabaseHandle<DB>): Promise<string> {
  const { rows } = await sql<{ name: string; timestamp: string }>`select name, "timestamp" from kysely_migration order by name limit 1`.execute(handle.db);
  const first = rows[0];
  if (!first) throw new Error('The database has no migrations applied; run rostrum migrate first');
  return createHash('sha256').update(`${first.name}|${first.timestamp}`).digest('hex').slice(0, 32);
}
