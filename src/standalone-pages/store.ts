import { clearRedirectFrom, recordMove } from '../redirects/store.ts';
import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { insertWithSlug } from '../db/errors.ts';
import { uniqueSlug } from '../db/slug.ts';
import { withSavepoint, withTransaction } from '../db/transaction.ts';
import { Observers } from '../core/observers.ts';
import { renderMarkdown } from '../views/markdown.ts';
import type { MenuLink, SiteMenus } from '../views/site.ts';
import { pageHref } from './paths.ts';
import type { PageMenu, PageStatus, StandalonePageRevisionsTable, StandalonePagesTable } from './tables.ts';

export type StandalonePage = Selectable<StandalonePagesTable>;
export type PageRevision = Selectable<StandalonePageRevisionsTable>;
/** A revision without its body, for the history list. */
export type PageRevisionSummary = Omit<PageRevision, 'bodyMarkdown'>;

/** What a page says and where it stands: everything a save sets. */
export interface PageContent {
  title: string;
  path: string;
  bodyMarkdown: string;
  status: PageStatus;
  menu: PageMenu;
  menuOrder: number;
}

/** Who saved, kept with the revision. */
export interface SavedBy {
  userId: number | null;
  label: string;
}

/**
 * A page as a save left it, and as it was before (undefined for a new page), told inside the saving
 * transaction: for capabilities above this one (search, redirects from a path that changed).
 */
export const pageSaved = new Observers<[handle: Db, page: StandalonePage, previous: StandalonePage | undefined]>();
/** A page that is gone, told inside the deleting transaction. */
export const pageDeleted = new Observers<[handle: Db, page: StandalonePage]>();

const summaryColumns = ['id', 'pageId', 'number', 'userId', 'savedBy', 'createdAt', 'title', 'path', 'status', 'menu', 'menuOrder'] as const;

/** Every page, drafts too, by path: a page sits under the page its path continues (`about`, `about/team`). */
export async function listStandalonePages({ db }: Db): Promise<StandalonePage[]> {
  return db.selectFrom('standalonePages').selectAll().orderBy('path').execute();
}

/** Every page, the most recently changed first (the API's list). */
export async function listStandalonePagesByChange({ db }: Db): Promise<StandalonePage[]> {
  return db.selectFrom('standalonePages').selectAll().orderBy('updatedAt', 'desc').orderBy('id', 'desc').execute();
}

/** The published pages, the most recently published first. */
export async function listPublishedPages({ db }: Db): Promise<StandalonePage[]> {
  return db.selectFrom('standalonePages').selectAll().where('status', '=', 'published').orderBy('publishedAt', 'desc').orderBy('id', 'desc').execute();
}

export async function getStandalonePage({ db }: Db, id: number): Promise<StandalonePage | undefined> {
  return db.selectFrom('standalonePages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The published page at a path (`about/team`), if there is one. */
export async function findPublishedPage({ db }: Db, path: string): Promise<StandalonePage | undefined> {
  return db.selectFrom('standalonePages').selectAll().where('path', '=', path).where('status', '=', 'published').executeTakeFirst();
}

/** Whether a page other than `exceptId` has the path. */
async function pathTaken({ db }: Db, path: string, exceptId = 0): Promise<boolean> {
  return (await db.selectFrom('standalonePages').select('id').where('path', '=', path).where('id', '!=', exceptId).executeTakeFirst()) !== undefined;
}

/** The first of base, base-2, base-3… that no page but `exceptId` has: for a path made from a title. */
export async function freePagePath(handle: Db, base: string, exceptId = 0): Promise<string> {
  return uniqueSlug(base, (path) => pathTaken(handle, path, exceptId));
}

const publishedAtFor = (status: PageStatus, before: string | null, now: string) => (status === 'published' ? (before ?? now) : null);

/**
 * Adds a page and its first revision. A path the caller chose must be free (a taken one fails on the
 * unique key, SlugTakenError); one made from the title (`basePath`) takes the next free suffix.
 */
export async function createStandalonePage(handle: Db, content: Omit<PageContent, 'path'> & { path?: string }, basePath: string, savedBy: SavedBy): Promise<StandalonePage> {
  return withTransaction(handle, async (tx) => {
    const now = nowIso();
    const page = await insertWithSlug({ chosen: content.path, base: basePath, isTaken: (path) => pathTaken(tx, path) }, (path) =>
      withSavepoint(tx, ({ db }) =>
        db
          .insertInto('standalonePages')
          .values({
            ...content,
            path,
            bodyHtml: renderMarkdown(content.bodyMarkdown),
            createdAt: now,
            updatedAt: now,
            publishedAt: publishedAtFor(content.status, null, now),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),
    );
    // A page published at an address takes it from any redirect that led elsewhere from there.
    if (page.status === 'published') await clearRedirectFrom(tx, pageHref(page.path));
    await recordPageRevision(tx, page, savedBy, now);
    await pageSaved.notify(tx, page, undefined);
    return page;
  });
}

/**
 * Changes a page and keeps the result as its next revision. Undefined when there is no such page; a
 * path another page has fails on the unique key.
 */
export async function updateStandalonePage(handle: Db, id: number, changes: Partial<PageContent>, savedBy: SavedBy): Promise<StandalonePage | undefined> {
  return withTransaction(handle, async (tx) => {
    const before = await getStandalonePage(tx, id);
    if (!before) return undefined;
    const now = nowIso();
    const status = changes.status ?? before.status;
    const page = await tx.db
      .updateTable('standalonePages')
      .set({
        ...changes,
        ...(changes.bodyMarkdown !== undefined && { bodyHtml: renderMarkdown(changes.bodyMarkdown) }),
        updatedAt: now,
        publishedAt: publishedAtFor(status, before.publishedAt, now),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!page) return undefined;
    // A published page that moves leaves a redirect at its old address, so no link to it dies.
    if (before.status === 'published' && before.path !== page.path) await recordMove(tx, pageHref(before.path), pageHref(page.path));
    if (page.status === 'published') await clearRedirectFrom(tx, pageHref(page.path));
    await recordPageRevision(tx, page, savedBy, now);
    await pageSaved.notify(tx, page, before);
    return page;
  });
}

/** Deletes a page with its revisions; false when there was none. */
export async function deleteStandalonePage(handle: Db, id: number): Promise<boolean> {
  return withTransaction(handle, async (tx) => {
    const page = await getStandalonePage(tx, id);
    if (!page) return false;
    await tx.db.deleteFrom('standalonePageRevisions').where('pageId', '=', id).execute();
    await tx.db.deleteFrom('standalonePages').where('id', '=', id).execute();
    await pageDeleted.notify(tx, page);
    return true;
  });
}

/**
 * Keeps the page as this save left it, as revision n+1. Runs in the transaction that changed the page,
 * after the change: the page's row is locked by then, so two saves cannot take the same number.
 */
async function recordPageRevision({ db }: Db, page: StandalonePage, savedBy: SavedBy, now: string): Promise<number> {
  const latest = await db
    .selectFrom('standalonePageRevisions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('pageId', '=', page.id)
    .executeTakeFirst();
  const number = Number(latest?.n ?? 0) + 1;
  await db
    .insertInto('standalonePageRevisions')
    .values({
      pageId: page.id,
      number,
      userId: savedBy.userId,
      savedBy: savedBy.label.slice(0, 300),
      createdAt: now,
      title: page.title,
      path: page.path,
      status: page.status,
      menu: page.menu,
      menuOrder: page.menuOrder,
      bodyMarkdown: page.bodyMarkdown,
    })
    .execute();
  return number;
}

/** A page's history, newest first, without the bodies. */
export async function listPageRevisions({ db }: Db, pageId: number): Promise<PageRevisionSummary[]> {
  return db.selectFrom('standalonePageRevisions').select(summaryColumns).where('pageId', '=', pageId).orderBy('number', 'desc').execute();
}

export async function getPageRevision({ db }: Db, pageId: number, number: number): Promise<PageRevision | undefined> {
  return db.selectFrom('standalonePageRevisions').selectAll().where('pageId', '=', pageId).where('number', '=', number).executeTakeFirst();
}

/** The links every reader's page shows: published pages in the masthead and in the footer, by menu order, then title. */
export async function siteMenus({ db }: Db): Promise<SiteMenus> {
  const rows = await db
    .selectFrom('standalonePages')
    .select(['title', 'path', 'menu'])
    .where('status', '=', 'published')
    .where('menu', 'in', ['masthead', 'footer'])
    .orderBy('menuOrder')
    .orderBy('title')
    .orderBy('id')
    .execute();
  const linksIn = (menu: PageMenu): MenuLink[] => rows.filter((r) => r.menu === menu).map((r) => ({ href: pageHref(r.path), label: r.title }));
  return { masthead: linksIn('masthead'), footer: linksIn('footer') };
}

/** Where each published page is and when it last changed: for the sitemap. */
export async function listPublishedPagePaths({ db }: Db): Promise<Array<{ path: string; updatedAt: string }>> {
  return db.selectFrom('standalonePages').select(['path', 'updatedAt']).where('status', '=', 'published').orderBy('path').execute();
}

/**
 * Puts back a page's times from the site it was exported from (the sitemap gives when it last changed).
 * For restoring an export only; the page's revisions keep the times of the import.
 */
export async function restorePageTimesFromExport({ db }: Db, id: number, times: { createdAt: string; updatedAt: string; publishedAt: string | null }): Promise<void> {
  await db.updateTable('standalonePages').set(times).where('id', '=', id).execute();
}
