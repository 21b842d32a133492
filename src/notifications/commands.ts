import type { Actor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { getUserById } from '../users/store.ts';
import { noticePermissions } from './policies.ts';
import { getNoticeSettings, markNoticesSeen, setEmailNotices } from './store.ts';
import { userOfUnsubscribeToken } from './unsubscribe.ts';

/**
 * The changes people make to their own notices. The notices themselves are written by tell.ts, inside
 * the article commands' transactions, and sent by courier.ts.
 */

const subjectOf = (person: { id: number; email: string }) => ({ kind: 'user', id: person.id, label: person.email });

async function chooseFor(ctx: CommandContext, actor: Actor, person: { id: number; email: string }, on: boolean, how: string): Promise<boolean> {
  if ((await getNoticeSettings(ctx.handle, person.id)).emailOn === on) return false;
  await commit(ctx, actor, async (tx) => {
    await setEmailNotices(tx, person.id, on);
    return { result: undefined, audit: { action: 'user.update', subject: subjectOf(person), detail: `e-mail notices ${on ? 'on' : 'off'}${how}` }, announce: false };
  });
  return true;
}

/** A signed-in person turns their e-mail notices on or off; answers whether anything changed. */
export function chooseEmailNotices(ctx: CommandContext, actor: Actor & { email?: string }, on: boolean): Promise<boolean> {
  requirePermission(noticePermissions, actor, 'choose', { userId: actor.userId ?? -1 });
  return chooseFor(ctx, actor, { id: actor.userId!, email: actor.kind === 'system' ? '' : actor.email }, on, '');
}

/**
 * The link in a notice mail turns them off without signing in: holding a link signed for the person is
 * the permission (as with a password reset link). Undefined when the link is not one of ours.
 */
export async function turnOffNoticesByLink(ctx: CommandContext, token: string): Promise<{ email: string } | undefined> {
  const userId = await userOfUnsubscribeToken(ctx.handle, token);
  const person = userId === undefined ? undefined : await getUserById(ctx.handle, userId);
  if (!person) return undefined;
  const actor = { kind: 'user' as const, userId: person.id, email: person.email, name: person.name, role: person.role, expertId: person.expertId };
  await chooseFor(ctx, actor, person, false, ' (by the link in a notice)');
  return { email: person.email };
}

/** The dashboard was seen: what it showed is no longer new. Bookkeeping, not a change worth an audit entry. */
export async function noticesSeen(ctx: CommandContext, actor: Actor, at?: string): Promise<void> {
  requirePermission(noticePermissions, actor, 'read', { userId: actor.userId ?? -1 });
  await markNoticesSeen(ctx.handle, actor.userId!, at);
}
