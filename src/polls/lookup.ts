import type { FastifyInstance } from 'fastify';
import type { Db } from '../schema.ts';
import type { AppContext } from '../context.ts';
import { keysetPage, type Cursor } from '../core/cursor.ts';
import { requirePermission } from '../core/policy.ts';
import { decodeCursor } from '../http/cursor.ts';
import { officeActor } from '../office/guard.ts';
import { containsText, lookupPageSize, readLookupQuery, type LookupAnswer } from '../office/lookup.ts';
import { pollPermissions } from './policies.ts';
import { effectiveStatus, type PollRow } from './store.ts';

/**
 * Polls whose question holds the text, the newest first (by keyset on created_at, id): what the office's poll
 * pickers offer. A site asks a poll or two a month; the scan of their questions is short whatever the archive's age.
 */
export async function findPolls(handle: Db, text: string, limit: number, after?: Cursor): Promise<PollRow[]> {
  let query = handle.db.selectFrom('polls').selectAll();
  if (text !== '') query = query.where(containsText(handle.dialect, 'question', text));
  if (after) query = query.where((eb) => eb.or([eb('createdAt', '<', after.key), eb.and([eb('createdAt', '=', after.key), eb('id', '<', after.id)])]));
  return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** A poll as a picker shows it: its question, and its state and language beside it. */
export const pollLookupItem = (poll: PollRow) => ({ id: String(poll.id), label: poll.question, hint: `${effectiveStatus(poll)} · ${poll.language}` });

/**
 * GET /admin/polls/lookup?q=…&cursor=…: polls for the office's pickers (the editor's poll field), as
 * `{items: [{id, label, hint}], next_cursor}`. Polls are the editors' (pollPermissions list), as attaching one is.
 */
export async function pollLookupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/admin/polls/lookup', async (request, reply) => {
    requirePermission(pollPermissions, officeActor(request), 'list');
    const { q, cursor } = readLookupQuery(request.query);
    const page = keysetPage(await findPolls(ctx.handle, q, lookupPageSize + 1, decodeCursor(cursor)), lookupPageSize, (p) => p.createdAt);
    const answer: LookupAnswer = { items: page.items.map(pollLookupItem), next_cursor: page.next ?? null };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}

/**
 * A poll field as a form sent it: empty (no poll), an id (what the picker sends), or words of a question (what a
 * person types without JavaScript), which name a poll when exactly one question holds them. Anything else is a
 * problem to show beside the field, naming the polls the words could mean.
 */
export async function readPollField(handle: Db, sent: string | undefined): Promise<{ value: string } | { problem: string }> {
  const text = (sent ?? '').trim();
  if (text === '' || /^\d{1,10}$/.test(text)) return { value: text };
  const found = await findPolls(handle, text.slice(0, 200), 6);
  if (found.length === 1) return { value: String(found[0]!.id) };
  if (found.length === 0) return { problem: `no poll’s question holds “${text.slice(0, 200)}”` };
  const some = found.slice(0, 5).map((p) => `“${p.question}”`);
  return { problem: `several polls’ questions hold these words (${some.join(', ')}${found.length > 5 ? ', …' : ''}): type more of the one you mean` };
}
