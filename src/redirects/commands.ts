import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Db } from '../schema.ts';
import { collapseChainsInto, deleteRedirectRow, followTarget, getRedirect, insertRedirect, prefixLoops, updateRedirectRow, type Redirect } from './store.ts';
import { createRedirectSchema, updateRedirectSchema, wholeRedirectSchema, type RedirectChanges, type RedirectInput } from './input.ts';
import { redirectPermissions } from './policies.ts';
import { redirectDetail, redirectSubject } from './present.ts';
import type { RedirectOrigin } from './tables.ts';
import { isUnder, localKeyOf } from './addresses.ts';

const fromTaken = () => conflict('has a redirect already; edit that one instead', 'from');

async function findRedirect(handle: Db, id: number): Promise<Redirect> {
  const redirect = await getRedirect(handle, id);
  if (!redirect) throw notFound('There is no redirect with this id');
  return redirect;
}

/**
 * The target a redirect from `from` keeps: where `to` finally leads, so readers take one hop. One that
 * would lead back to `from` is refused: readers would go round until their browser gave up.
 */
async function collapsedTarget(tx: Db, from: string, to: string, prefix: boolean): Promise<string> {
  const toKey = localKeyOf(to);
  if (prefix && toKey && isUnder(toKey, from)) throw invalid(`is under ${from}: everything under the old address would be sent further under itself, without end`, 'to');
  if (prefix && toKey && (await prefixLoops(tx, from, toKey))) throw invalid(`has redirects under it that lead back under ${from}, which would send readers round in a loop`, 'to');
  const followed = await followTarget(tx, to, from);
  if (followed.loops) throw invalid(`leads back to ${from} through other redirects, which would send readers round in a loop`, 'to');
  return followed.target;
}

/** Adds a redirect; redirects that led to its old address now lead where it does. */
export async function createRedirect(ctx: CommandContext, actor: Actor, given: RedirectInput, origin: RedirectOrigin = 'api'): Promise<Redirect> {
  requirePermission(redirectPermissions, actor, 'create');
  const input = parseInput(createRedirectSchema, given);
  return commit(ctx, actor, async (tx) => {
    const target = await collapsedTarget(tx, input.from, input.to, input.prefix);
    const redirect = await insertRedirect(tx, { fromPath: input.from, target, status: input.status, prefix: input.prefix ? 1 : 0, origin, note: input.note }).catch((err: unknown) => {
      throw isUniqueViolation(err) ? fromTaken() : err;
    });
    await collapseChainsInto(tx, redirect.fromPath, target, { prefix: redirect.prefix === 1 });
    return { result: redirect, audit: { action: 'redirect.create', subject: redirectSubject(redirect), detail: redirectDetail(redirect) }, announce: true };
  });
}

export async function updateRedirect(ctx: CommandContext, actor: Actor, id: number, given: RedirectChanges, shape: { everyField?: boolean } = {}): Promise<Redirect> {
  requirePermission(redirectPermissions, actor, 'update');
  const current = await findRedirect(ctx.handle, id);
  const changes = parseInput(shape.everyField ? wholeRedirectSchema : updateRedirectSchema, given);
  return commit(ctx, actor, async (tx) => {
    const fromPath = changes.from ?? current.fromPath;
    const target = await collapsedTarget(tx, fromPath, changes.to ?? current.target, changes.prefix ?? current.prefix === 1);
    const row = {
      fromPath,
      target,
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.prefix !== undefined && { prefix: changes.prefix ? 1 : 0 }),
      ...(changes.note !== undefined && { note: changes.note }),
    };
    const redirect = await updateRedirectRow(tx, id, row).catch((err: unknown) => {
      throw isUniqueViolation(err) ? fromTaken() : err;
    });
    if (!redirect) throw notFound('There is no redirect with this id');
    await collapseChainsInto(tx, redirect.fromPath, target, { prefix: redirect.prefix === 1 });
    return { result: redirect, audit: { action: 'redirect.update', subject: redirectSubject(redirect), detail: redirectDetail(redirect) }, announce: true };
  });
}

/** Deletes a redirect: its old address is not found again, unless a page takes it. */
export async function deleteRedirect(ctx: CommandContext, actor: Actor, id: number): Promise<void> {
  requirePermission(redirectPermissions, actor, 'delete');
  const redirect = await findRedirect(ctx.handle, id);
  await commit(ctx, actor, async (tx) => {
    await deleteRedirectRow(tx, redirect.id);
    return { result: undefined, audit: { action: 'redirect.delete', subject: redirectSubject(redirect), detail: redirectDetail(redirect) }, announce: true };
  });
}
