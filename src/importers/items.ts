import { withTransaction } from '../db/transaction.ts';
import { isRefusal } from '../core/refusals.ts';
import type { Db } from '../schema.ts';
import { fingerprintOf, recordImportSource } from './sources.ts';
import type { ImportRun } from './context.ts';
import type { ImportedKind } from './tables.ts';

/** What an imported item became: where readers find it now (when it is public), and its id here. */
export interface SavedSourceItem {
  path?: string;
  targetId?: number;
}

/** One item of the old site and how to make or update what it becomes here. */
export interface SourceItem<Target extends { id: number }> {
  /** Its key among the source's items ("post 1241") and how the report counts and names it. */
  key: string;
  reportKind: string;
  label: string;
  targetKind: ImportedKind;
  /** What the item is on the old site: when this is as the last run saw it, nothing is done. */
  content: unknown;
  /** How many old addresses would lead to it, for a dry run's count; 0 when it would not be public. */
  publicAddresses: number;
  find(handle: Db, id: number): Promise<Target | undefined>;
  /** Makes it or brings it up to date, in the item's transaction; answers it and where readers find it. */
  save(tx: Db, current: Target | undefined): Promise<{ target: Target; path?: string }>;
}

/**
 * Imports one item, or brings what an earlier run made of it up to date: in one transaction with its source
 * record and its redirects, so an interrupted import leaves whole items only. An item unchanged since the
 * last run is left alone (edits made here since are kept); one deleted here since is not made again.
 */
export async function saveSourceItem<Target extends { id: number }>(run: ImportRun, item: SourceItem<Target>, warnings: string[]): Promise<SavedSourceItem> {
  const fingerprint = fingerprintOf(item.content);
  const earlier = run.known.get(item.key);
  const current = earlier && (await item.find(run.ctx.handle, earlier.targetId));
  if (earlier && !current) {
    run.report.record(item.reportKind, 'skipped', item.label, [], 'deleted here since an earlier import');
    return {};
  }
  if (current && earlier?.fingerprint === fingerprint) {
    run.report.record(item.reportKind, 'unchanged', item.label);
    return { targetId: current.id };
  }
  if (run.dryRun) {
    run.report.record(item.reportKind, current ? 'updated' : 'imported', item.label, warnings);
    run.report.redirects += item.publicAddresses;
    return {};
  }
  let saved;
  try {
    saved = await withTransaction(run.ctx.handle, async (tx) => {
      const made = await item.save(tx, current);
      await recordImportSource(tx, { source: run.source, itemKey: item.key, kind: item.targetKind, targetId: made.target.id, fingerprint });
      return made;
    });
  } catch (err) {
    // One item Rostrum refuses (a path too long, a body too large) is reported; the import goes on with the next.
    if (!isRefusal(err)) throw err;
    run.report.record(item.reportKind, 'skipped', item.label, [...warnings, `refused: ${err.message}`], 'refused by Rostrum’s rules (see the warnings)');
    return {};
  }
  run.report.record(item.reportKind, current ? 'updated' : 'imported', item.label, warnings);
  return { targetId: saved.target.id, path: saved.path };
}
