import type { Actor } from '../core/actor.ts';
import { z } from 'zod';
import { invalid, notFound, parseInput } from '../core/refusals.ts';
import { textField, trimmed } from '../http/schemas.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { AuditEvent } from '../audit/store.ts';
import { createApiToken, getApiTokenById, getUserById, listApiTokens, revokeApiTokenById, type User } from './store.ts';
import { tokenPermissions } from './policies.ts';

/**
 * API tokens: made for a person (the token acts with their rights), revoked one by one in the office or
 * by owner and label on the command line. The token itself is returned once and never stored.
 */

const revokedEvent = (token: { id: number; label: string }, owner: { email: string }): AuditEvent => ({
  action: 'token.revoke',
  subject: { kind: 'token', id: token.id, label: token.label },
  detail: `of ${owner.email}`,
});

export interface NewToken {
  token: string;
  owner: User;
}

/**
 * A token's label says what uses it: the office's and the command line's limit. It may be empty (the
 * command line makes unlabelled tokens); the office form asks for one.
 */
const newTokenInput = z.object({ label: trimmed(textField(200)) });

/** Only an active account gets a token: a disabled account's tokens are refused anyway. */
export async function createToken(ctx: CommandContext, actor: Actor, input: { userId: number; label: string }): Promise<NewToken> {
  requirePermission(tokenPermissions, actor, 'create');
  const { label } = parseInput(newTokenInput, { label: input.label });
  const owner = await getUserById(ctx.handle, input.userId);
  if (!owner || owner.disabledAt) throw invalid('is not one of the active people: choose one from the list', 'user');
  return commit(ctx, actor, async (tx) => {
    const token = await createApiToken(tx, owner.id, label);
    return { result: { token, owner }, audit: { action: 'token.create', subject: { kind: 'token', label }, detail: `for ${owner.email}` }, announce: false };
  });
}

/** Revokes one token; programs using it are refused from then on. */
export async function revokeToken(ctx: CommandContext, actor: Actor, tokenId: number): Promise<void> {
  requirePermission(tokenPermissions, actor, 'revoke');
  const token = await getApiTokenById(ctx.handle, tokenId);
  const gone = notFound('There is no such token; it may have been revoked already');
  if (!token) throw gone;
  await commit(ctx, actor, async (tx) => {
    // Another administrator may have revoked it a moment ago: then there is nothing to note.
    if (!(await revokeApiTokenById(tx, token.id))) throw gone;
    return { result: undefined, audit: revokedEvent(token, { email: token.userEmail }), announce: false };
  });
}

/** Revokes a person's tokens, or only those with the label ('' for the unlabelled ones); one audit entry per token. */
export async function revokeTokensOf(ctx: CommandContext, actor: Actor, owner: User, label?: string): Promise<number> {
  requirePermission(tokenPermissions, actor, 'revoke');
  return commit(ctx, actor, async (tx) => {
    const tokens = (await listApiTokens(tx, owner.id)).filter((t) => label === undefined || t.label === label);
    const revoked = [];
    for (const token of tokens) if (await revokeApiTokenById(tx, token.id)) revoked.push(token);
    return { result: revoked.length, audit: revoked.map((token) => revokedEvent(token, owner)), announce: false };
  });
}
