import type { FastifyInstance } from 'fastify';
import type { Db } from '../schema.ts';
import type { AppContext } from '../context.ts';
import { officeActor } from '../office/guard.ts';
import type { Cursor } from '../core/cursor.ts';
import { slugCore } from '../db/slug.ts';
import { afterName, containsText, decodeNameCursor, lookupPageSize, nameCursorAfter, readLookupQuery, type LookupAnswer } from '../office/lookup.ts';
import type { Tag } from './store.ts';
import type { TagKind } from './tables.ts';

const tagKindLabels: Record<TagKind, string> = { topic: 'Topic', region: 'Region', country: 'Country' };

/**
 * Tags whose name or slug holds the text, by name: what the office's tag pickers offer. The slug is asked too,
 * made from the text as slugs are, so that a Cyrillic name is found whatever its case on SQLite (see findExperts).
 */
export async function findTags(handle: Db, text: string, limit: number, after?: Cursor): Promise<Tag[]> {
  let query = handle.db.selectFrom('tags').selectAll();
  if (text !== '') {
    const slug = slugCore(text);
    query = query.where((eb) => eb.or([containsText(handle.dialect, 'name', text), ...(slug ? [containsText(handle.dialect, 'slug', slug)] : [])]));
  }
  if (after) query = query.where(afterName('name', after));
  return query.orderBy('name').orderBy('id').limit(limit).execute();
}

/**
 * GET /admin/tags/lookup?q=…&cursor=…: tags for the office's pickers, as `{items: [{id: slug, label, hint}],
 * next_cursor}`. Anyone signed in to the office may ask: authors tag their drafts, and tags are public words.
 */
export async function tagLookupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/admin/tags/lookup', async (request, reply) => {
    officeActor(request);
    const { q, cursor } = readLookupQuery(request.query);
    const rows = await findTags(ctx.handle, q, lookupPageSize + 1, decodeNameCursor(cursor));
    const answer: LookupAnswer = {
      items: rows.slice(0, lookupPageSize).map((t) => ({ id: t.slug, label: t.name, hint: tagKindLabels[t.kind] })),
      next_cursor: nameCursorAfter(rows, lookupPageSize, (t) => t.name),
    };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
