import { createPage, updatePage } from '../standalone-pages/commands.ts';
import { freePagePath, getStandalonePage, restorePageTimesFromExport, type StandalonePage } from '../standalone-pages/store.ts';
import { pageHref } from '../standalone-pages/paths.ts';
import type { PageMenu, PageStatus } from '../standalone-pages/tables.ts';
import { recordMove } from '../redirects/store.ts';
import type { Db } from '../schema.ts';
import { saveSourceItem, type SavedSourceItem } from './items.ts';
import type { ImportRun } from './context.ts';

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

/** Imports one page, or brings the one an earlier run made up to date (see saveSourceItem). */
export function saveSourcePage(run: ImportRun, item: SourcePage, warnings: string[]): Promise<SavedSourceItem> {
  return saveSourceItem<StandalonePage>(
    run,
    {
      key: item.key,
      reportKind: 'page',
      label: item.label,
      targetKind: 'page',
      content: { ...item, label: undefined },
      publicAddresses: item.status === 'published' ? item.oldAddresses.length : 0,
      find: getStandalonePage,
      async save(tx, current) {
        // Its own path when no other page has it (or it is this one's), else the first free one after it.
        const path = await freePagePath(tx, item.path, current?.id);
        if (path !== item.path) warnings.push(`another page has /${item.path}; this one is at /${path}`);
        const fields = { title: item.title, path, body: item.bodyMarkdown, status: item.status, menu: item.menu, menu_order: item.menuOrder };
        const txCtx = { ...run.ctx, handle: tx };
        const page = current ? await updatePage(txCtx, run.actor, current.id, fields) : await createPage(txCtx, run.actor, fields);
        if (item.times) await restorePageTimesFromExport(tx, page.id, item.times);
        return { target: page, path: await keepOldAddresses(tx, run, page, item.oldAddresses) };
      },
    },
    warnings,
  );
}
