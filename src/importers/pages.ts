import { withTransaction } from '../db/transaction.ts';
import { createPage, updatePage } from '../standalone-pages/commands.ts';
import { freePagePath, getStandalonePage, restorePageTimesFromExport, type StandalonePage } from '../standalone-pages/store.ts';
import { pageHref } from '../standalone-pages/paths.ts';
import type { PageMenu, PageStatus } from '../standalone-pages/tables.ts';
import { recordMove } from '../redirects/store.ts';
import type { Db } from '../schema.ts';
import { fingerprintOf, recordImportSource } from './sources.ts';
import type { ImportRun } from './context.ts';
import type { SavedSourceItem } from './articles.ts';

/** A page of the old site, mapped to a standalone page here. */
export interface SourcePage {
  key: string;
  label: string;
  title: string;
  /** Its path here (`about/team`), well-formed and not one the site keeps for itself. */
  path: string;
  bodyMarkdown: string;
  status: PageStatus;
  menu: PageMenu;
  menuOrder: number;
  oldAddresses: string[];
  /** When it was made, last changed and published on the old site, kept here (an export of another Rostrum). */
  times?: { createdAt: string; updatedAt: string; publishedAt: string | null };
}

async function keepOldAddresses(tx: Db, run: ImportRun, page: StandalonePage, oldAddresses: string[]): Promise<string | undefined> {
  if (page.status !== 'published') return undefined;
  const path = pageHref(page.path);
  for (const address of oldAddresses) if (await recordMove(tx, address, path, { origin: 'import' })) run.report.redirects++;
  return path;
}

/** Imports one page, or brings the one an earlier run made up to date, in one transaction with its source record and redirects. */
export async function saveSourcePage(run: ImportRun, item: SourcePage, warnings: string[]): Promise<SavedSourceItem> {
  const fingerprint = fingerprintOf({ ...item, label: undefined });
  const earlier = run.known.get(item.key);
  const current = earlier && (await getStandalonePage(run.ctx.handle, earlier.targetId));
  if (earlier && !current) {
    run.report.record('page', 'skipped', item.label, [], 'deleted here since an earlier import');
    return {};
  }
  if (current && earlier?.fingerprint === fingerprint) {
    run.report.record('page', 'unchanged', item.label);
    return { targetId: current.id };
  }
  if (run.dryRun) {
    run.report.record('page', current ? 'updated' : 'imported', item.label, warnings);
    if (item.status === 'published') run.report.redirects += item.oldAddresses.length;
    return {};
  }
  const saved = await withTransaction(run.ctx.handle, async (tx) => {
    // Its own path when no other page has it (or it is this one's), else the first free one after it.
    const path = await freePagePath(tx, item.path, current?.id);
    if (path !== item.path) warnings.push(`another page has /${item.path}; this one is at /${path}`);
    const fields = { title: item.title, path, body: item.bodyMarkdown, status: item.status, menu: item.menu, menu_order: item.menuOrder };
    const txCtx = { ...run.ctx, handle: tx };
    const page = current ? await updatePage(txCtx, run.actor, current.id, fields) : await createPage(txCtx, run.actor, fields);
    if (item.times) await restorePageTimesFromExport(tx, page.id, item.times);
    await recordImportSource(tx, { source: run.source, itemKey: item.key, kind: 'page', targetId: page.id, fingerprint });
    return { page, path: await keepOldAddresses(tx, run, page, item.oldAddresses) };
  });
  run.report.record('page', current ? 'updated' : 'imported', item.label, warnings);
  return { targetId: saved.page.id, path: saved.path };
}
