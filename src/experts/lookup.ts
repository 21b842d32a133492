import type { FastifyInstance } from 'fastify';
import type { Db } from '../schema.ts';
import type { AppContext } from '../context.ts';
import { officeActor } from '../office/guard.ts';
import type { Cursor } from '../core/cursor.ts';
import { slugCore } from '../db/slug.ts';
import { afterName, containsText, decodeNameCursor, lookupPageSize, nameCursorAfter, readLookupQuery, type LookupAnswer } from '../office/lookup.ts';
import type { Expert } from './store.ts';

/**
 * Experts whose name or slug holds the text, by name: what the office's expert pickers offer (the article list's
 * filter, and any form that names an expert). The slug is asked too, made from the text as slugs are, so that
 * "иванов" finds "Иванов" on SQLite, whose LIKE folds the case of Latin letters only. The experts of an
 * institution are hundreds, not millions: a scan of their names costs less than any index would save.
 */
export async function findExperts(handle: Db, text: string, limit: number, after?: Cursor): Promise<Expert[]> {
  let query = handle.db.selectFrom('experts').selectAll();
  if (text !== '') {
    const slug = slugCore(text);
    query = query.where((eb) => eb.or([containsText(handle.dialect, 'name', text), ...(slug ? [containsText(handle.dialect, 'slug', slug)] : [])]));
  }
  if (after) query = query.where(afterName('name', after));
  return query.orderBy('name').orderBy('id').limit(limit).execute();
}

/**
 * GET /admin/experts/lookup?q=…&cursor=…: experts for the office's pickers, as `{items: [{id: slug, label, hint}],
 * next_cursor}`. Anyone signed in to the office may ask: experts' names and positions are on the public site, and
 * authors pick co-authors. No route reads an expert's private fields here.
 */
export async function expertLookupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/admin/experts/lookup', async (request, reply) => {
    officeActor(request);
    const { q, cursor } = readLookupQuery(request.query);
    const rows = await findExperts(ctx.handle, q, lookupPageSize + 1, decodeNameCursor(cursor));
    const answer: LookupAnswer = {
      items: rows.slice(0, lookupPageSize).map((e) => ({ id: e.slug, label: e.name, hint: e.position })),
      next_cursor: nameCursorAfter(rows, lookupPageSize, (e) => e.name),
    };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
