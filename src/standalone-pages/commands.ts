import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { isUniqueViolation, SlugTakenError } from '../db/errors.ts';
import { createStandalonePage, deleteStandalonePage, freePagePath, getStandalonePage, updateStandalonePage, type PageContent, type SavedBy, type StandalonePage } from './store.ts';
import { createPageSchema, updatePageSchema, wholePageSchema, type PageChanges, type PageInput } from './input.ts';
import { pathFromTitle, reservedPathProblem } from './paths.ts';
import { pagePermissions } from './policies.ts';
import { changeDetail, createDetail, pageSubject } from './present.ts';

/** Two pages cannot share an address: the person picks another path, or edits the page that has it. */
const pathTaken = (path: string) => conflict(`/${path} is the address of another page already; choose another path`, 'path');

function whenPathTaken(path: string) {
  return (err: unknown): never => {
    throw err instanceof SlugTakenError || isUniqueViolation(err) ? pathTaken(path) : err;
  };
}

/** Who saved, as the page's history names them. */
const savedByOf = (actor: Actor): SavedBy => ({ userId: actor.userId, label: actor.kind === 'system' ? actor.label : actor.name || actor.email });

/**
 * The path a title makes when no path is given. The site's own addresses are refused here as they are
 * when typed: a page called "Search" must be given a path of its own, not quietly become /search-2.
 */
function pathMadeFrom(title: string): string {
  const base = pathFromTitle(title);
  const problem = reservedPathProblem(base);
  if (problem) throw invalid(`${problem} (the title makes /${base}); type a path for this page`, 'path');
  return base;
}

async function findPage(ctx: CommandContext, id: number): Promise<StandalonePage> {
  const page = id ? await getStandalonePage(ctx.handle, id) : undefined;
  if (!page) throw notFound('There is no page with this id');
  return page;
}

/** Adds a page; published at once when asked, and so shown in its menu and the sitemap. */
export async function createPage(ctx: CommandContext, actor: Actor, given: PageInput): Promise<StandalonePage> {
  requirePermission(pagePermissions, actor, 'create');
  const input = parseInput(createPageSchema, given);
  if (input.status === 'published') requirePermission(pagePermissions, actor, 'publish');
  const chosen = input.path || undefined;
  const base = chosen ?? pathMadeFrom(input.title);
  return commit(ctx, actor, async (tx) => {
    const content = { title: input.title, path: chosen, bodyMarkdown: input.body, status: input.status, menu: input.menu, menuOrder: input.menu_order };
    const page = await createStandalonePage(tx, content, base, savedByOf(actor)).catch(whenPathTaken(base));
    return { result: page, audit: { action: 'page.create', subject: pageSubject(page), detail: createDetail(page) }, announce: true };
  });
}

/**
 * Changes a page, publishing it or taking it back to a draft through `status`. Its path stays unless a new
 * one is given; an empty one is made afresh from the title. Every save is kept as a revision.
 */
export async function updatePage(ctx: CommandContext, actor: Actor, id: number, given: PageChanges, shape: { everyField?: boolean } = {}): Promise<StandalonePage> {
  requirePermission(pagePermissions, actor, 'update');
  const current = await findPage(ctx, id);
  // A form names every field it has: one missing is refused as required, not left as it was.
  const input = parseInput(shape.everyField ? wholePageSchema : updatePageSchema, given);
  if (input.status !== undefined && input.status !== current.status) requirePermission(pagePermissions, actor, 'publish');
  const changes: Partial<PageContent> = {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.body !== undefined && { bodyMarkdown: input.body }),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.menu !== undefined && { menu: input.menu }),
    ...(input.menu_order !== undefined && { menuOrder: input.menu_order }),
  };
  const base = input.path === '' ? pathMadeFrom(changes.title ?? current.title) : input.path;
  return commit(ctx, actor, async (tx) => {
    if (base !== undefined) changes.path = input.path === '' && base !== current.path ? await freePagePath(tx, base, current.id) : base;
    const page = await updateStandalonePage(tx, current.id, changes, savedByOf(actor)).catch(whenPathTaken(changes.path ?? current.path));
    if (!page) throw notFound('There is no page with this id');
    return { result: page, audit: { action: 'page.update', subject: pageSubject(page), detail: changeDetail(current, page) }, announce: true };
  });
}

/** Deletes a page and its history; its address answers 404 from then on. */
export async function deletePage(ctx: CommandContext, actor: Actor, id: number): Promise<void> {
  requirePermission(pagePermissions, actor, 'delete');
  const page = await findPage(ctx, id);
  await commit(ctx, actor, async (tx) => {
    if (!(await deleteStandalonePage(tx, page.id))) throw notFound('There is no page with this id');
    return { result: undefined, audit: { action: 'page.delete', subject: pageSubject(page), detail: createDetail(page) }, announce: true };
  });
}
