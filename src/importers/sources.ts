import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { ImportedKind, ImportSourcesTable } from './tables.ts';

export type ImportSource = Selectable<ImportSourcesTable>;

/** A stable hash of what an item is: keys in order, so the same item always hashes the same. */
export function fingerprintOf(value: unknown): string {
  const stable = JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return createHash('sha256').update(stable).digest('hex');
}

export async function findImportSource({ db }: Db, source: string, itemKey: string): Promise<ImportSource | undefined> {
  return db.selectFrom('importSources').selectAll().where('source', '=', source).where('itemKey', '=', itemKey).executeTakeFirst();
}

/** Every item already imported from a source, by its key: one read before an import instead of one per item. */
export async function importSourcesOf({ db }: Db, source: string): Promise<Map<string, ImportSource>> {
  const rows = await db.selectFrom('importSources').selectAll().where('source', '=', source).execute();
  return new Map(rows.map((row) => [row.itemKey, row]));
}

/** Records (or brings up to date) what an item became; runs in the item's own transaction. */
export async function recordImportSource({ db }: Db, entry: { source: string; itemKey: string; kind: ImportedKind; targetId: number; fingerprint: string }): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('importSources')
    .values({ ...entry, importedAt: now, updatedAt: now })
    .onConflict((oc) => oc.columns(['source', 'itemKey']).doUpdateSet({ kind: entry.kind, targetId: entry.targetId, fingerprint: entry.fingerprint, updatedAt: now }))
    .execute();
}
