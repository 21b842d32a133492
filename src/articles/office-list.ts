import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../schema.ts';
import type { UserActor } from '../core/actor.ts';
import { encodeCursor, keysetPage, type Cursor } from '../core/cursor.ts';
import { permits } from '../core/policy.ts';
import { nowIso } from '../db/time.ts';
import { HttpError } from '../http/errors.ts';
import { decodeCursor } from '../http/cursor.ts';
import { readLocalTime } from '../views/time-zone.ts';
import { findExperts } from '../experts/lookup.ts';
import { getExpertBySlug, type Expert } from '../experts/store.ts';
import { findTags } from '../tags/lookup.ts';
import { getTagBySlug, type Tag } from '../tags/store.ts';
import { coauthoredArticleIds, hasCoauthored } from './authors.ts';
import { articlePermissions } from './policies.ts';
import { officeColumns, tagsAreCommon, type OfficeArticleSummary } from './store.ts';
import { shownStatusLabels, type ShownStatus } from './workflow.ts';

/**
 * The office's article list at any size: searched through the site's search, filtered by expert, tag, status
 * and dates, paged by a keyset cursor (never OFFSET), and scoped to what the person may see. The parameters are
 * a GET form's, so a filtered list is an address to share; every value is checked here, and a bad one is
 * reported beside its field, never sent to the database.
 */

/** Articles one page shows. */
export const listPageSize = 50;

// ---------------------------------------------------------------------------------------------------------
// Search: answered by src/search (a higher layer), wired by composeCapabilities().

export interface OfficeMatches {
  ids: number[];
  /** True when more articles matched than the ids hold (see officeMatchLimit in src/search/office.ts). */
  capped: boolean;
}
/** The ids of articles of any status whose words match the text; undefined when the text has no word to look for. */
export type OfficeSearch = (handle: Db, text: string) => Promise<OfficeMatches | undefined>;
let officeSearch: OfficeSearch | undefined;

/** Search sits above articles: it answers the office's questions through this, as it observes saves. */
export function answerOfficeSearch(answer: OfficeSearch): void {
  officeSearch = answer;
}

function searchFor(handle: Db, text: string): Promise<OfficeMatches | undefined> {
  if (!officeSearch) throw new Error('Nothing answers the office’s search: composeCapabilities() wires it');
  return officeSearch(handle, text);
}

/** What the list says of a search that found too much, or had nothing to look for. */
export const searchRemarks = {
  capped: 'More than 1,000 articles hold these words: only the newest are listed. Add a word, a phrase or a filter to find older ones.',
  nothingToSearch: (q: string) => `“${q}” has no word to look for (words as common as “the” are left out): nothing is listed. Try a more particular word.`,
};

// ---------------------------------------------------------------------------------------------------------
// The form's parameters.

/** Which date the list is ordered by, and which the from/to days bound. */
export type ListDates = 'updated' | 'published';
export const listDateLabels: Record<ListDates, string> = { updated: 'Last changed', published: 'Publication date' };

/** The form's values as typed, kept to show them again. */
export interface ListFormValues {
  q: string;
  expert: string;
  tag: string;
  status: string;
  dates: ListDates;
  from: string;
  to: string;
}

/** A value that named several experts or tags: the ones it may mean, for the person to choose. */
export interface Ambiguity {
  field: 'expert' | 'tag';
  text: string;
  choices: Array<{ value: string; label: string }>;
}

export interface ListFilters {
  text?: string;
  expert?: Expert;
  tag?: Tag;
  shown?: ShownStatus;
  dates: ListDates;
  /** UTC instants: from inclusive, before exclusive. */
  from?: string;
  before?: string;
  cursor?: Cursor;
}

export interface ReadListForm {
  values: ListFormValues;
  filters: ListFilters;
  /** Problems by field, in the order the form shows them. */
  problems: Record<string, string>;
  ambiguities: Ambiguity[];
}

const maxText = 200;
const shownStatuses = Object.keys(shownStatusLabels) as ShownStatus[];
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A query string's value for a field: text once, or a problem (an array, an object, too long). */
function textOf(query: Record<string, unknown>, field: string, problems: Record<string, string>, max = maxText): string {
  const value = query[field];
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    problems[field] = 'must be given once, as text';
    return '';
  }
  if (value.length > max) {
    problems[field] = `must be at most ${max} characters`;
    return value.slice(0, max);
  }
  // Control characters have no business in a filter; they are dropped, not searched for.
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

/** The next calendar day of a YYYY-MM-DD day. */
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The instant a day of the site's zone begins. The one place the list reads days: the office's days are the site
 * zone's (src/views/time-zone.ts). A zone whose clocks skip midnight that day begins it at the first minute that exists.
 */
export function dayStartsAt(day: string, zone: string): string {
  for (const time of ['00:00', '01:00', '02:00']) {
    const reading = readLocalTime(`${day}T${time}`, zone);
    if (reading.ok) return reading.iso;
  }
  return `${day}T00:00:00.000Z`;
}

/** A YYYY-MM-DD day that is a real one (no 2025-02-30), within the years an archive holds; or undefined. */
function calendarDay(text: string): string | undefined {
  const m = dayPattern.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const valid = year >= 1000 && year <= 9998 && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
  return valid ? text : undefined;
}

/** An expert or tag named by slug or by (a part of) its name: the one it names, or the several it might. */
async function resolveNamed<T extends { id: number; slug: string; name: string }>(
  text: string,
  bySlug: (slug: string) => Promise<T | undefined>,
  find: (text: string, limit: number) => Promise<T[]>,
): Promise<{ one?: T; several?: T[] }> {
  const exact = await bySlug(text);
  if (exact) return { one: exact };
  const found = await find(text, 11);
  const sameName = found.filter((f) => f.name.toLocaleLowerCase() === text.toLocaleLowerCase());
  if (sameName.length === 1) return { one: sameName[0] };
  if (found.length === 1) return { one: found[0] };
  return { several: found };
}

/**
 * Reads the list's query string. Every field is optional; a bad one is a problem for its field and leaves the
 * list unfiltered by it. Expert and tag are a slug (what the pickers send) or words of a name (what a person
 * types without JavaScript): a name that fits one is that one; one that fits several offers them.
 */
export async function readListForm(handle: Db, rawQuery: unknown, zone: string): Promise<ReadListForm> {
  const query = rawQuery && typeof rawQuery === 'object' ? (rawQuery as Record<string, unknown>) : {};
  const problems: Record<string, string> = {};
  const ambiguities: Ambiguity[] = [];
  const values: ListFormValues = {
    q: textOf(query, 'q', problems),
    expert: textOf(query, 'expert', problems),
    tag: textOf(query, 'tag', problems),
    status: textOf(query, 'status', problems, 20),
    dates: 'updated',
    from: textOf(query, 'from', problems, 10),
    to: textOf(query, 'to', problems, 10),
  };
  const dates = textOf(query, 'dates', problems, 20);
  if (dates === 'published' || dates === 'updated') values.dates = dates;
  else if (dates !== '') problems.dates = 'must be “updated” or “published”';
  const filters: ListFilters = { dates: values.dates };
  if (values.q) filters.text = values.q;

  if (values.status) {
    if (shownStatuses.includes(values.status as ShownStatus)) filters.shown = values.status as ShownStatus;
    else problems.status = `must be one of: ${shownStatuses.join(', ')}`;
  }

  for (const field of ['from', 'to'] as const) {
    const text = values[field];
    if (!text) continue;
    const day = calendarDay(text);
    if (!day) problems[field] = 'must be a date such as 2025-03-01';
    else if (field === 'from') filters.from = dayStartsAt(day, zone);
    else filters.before = dayStartsAt(dayAfter(day), zone);
  }
  if (filters.from && filters.before && filters.from >= filters.before) {
    problems.to = 'must be the same day as “from” or a later one';
    delete filters.from;
    delete filters.before;
  }

  if (values.expert) {
    const named = await resolveNamed(
      values.expert,
      (slug) => getExpertBySlug(handle, slug),
      (text, limit) => findExperts(handle, text, limit),
    );
    if (named.one) filters.expert = named.one;
    else if (named.several!.length === 0) problems.expert = `no expert’s name holds “${values.expert}”`;
    else ambiguities.push({ field: 'expert', text: values.expert, choices: named.several!.slice(0, 10).map((e) => ({ value: e.slug, label: e.name })) });
  }
  if (values.tag) {
    const named = await resolveNamed(
      values.tag,
      (slug) => getTagBySlug(handle, slug),
      (text, limit) => findTags(handle, text, limit),
    );
    if (named.one) filters.tag = named.one;
    else if (named.several!.length === 0) problems.tag = `no tag’s name holds “${values.tag}”`;
    else ambiguities.push({ field: 'tag', text: values.tag, choices: named.several!.slice(0, 10).map((t) => ({ value: t.slug, label: t.name })) });
  }

  const cursor = textOf(query, 'cursor', problems, 400);
  if (cursor) {
    try {
      filters.cursor = decodeCursor(cursor);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      problems.cursor = 'This page’s link is damaged or out of date: the list starts again from its first page.';
    }
  }
  return { values, filters, problems, ambiguities };
}

/** The form's values (not the cursor) as a query string, for the next page's link and the choices' links. */
export function listQueryString(values: ListFormValues, changes: Partial<ListFormValues> & { cursor?: string } = {}): string {
  const all = { ...values, ...changes };
  const params = new URLSearchParams();
  // The cursor first: the next page's address reads /admin/articles?cursor=… whatever else follows.
  if (changes.cursor) params.set('cursor', changes.cursor);
  for (const key of ['q', 'expert', 'tag', 'status', 'from', 'to'] as const) if (all[key]) params.set(key, all[key]);
  if (all.dates !== 'updated') params.set('dates', all.dates);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// ---------------------------------------------------------------------------------------------------------
// The query.

/** Whose articles a person may see in the office: every one, or those of the expert they are linked to (as lead or co-author). */
export type ListScope = { all: true } | { expertId: number } | { none: true };

export function scopeOf(actor: UserActor): ListScope {
  if (permits(articlePermissions, actor, 'readAll')) return { all: true };
  return actor.expertId === null ? { none: true } : { expertId: actor.expertId };
}

export interface ArchivePage {
  items: OfficeArticleSummary[];
  /** The cursor of the next page, if there is one. */
  next?: string;
  /** The search found more articles than it gives (see OfficeMatches). */
  capped: boolean;
  /** The words had nothing to look for ("the"); nothing is listed. */
  nothingToSearch: boolean;
}

/**
 * One page of the office's archive, newest first by the chosen date, then by id. Each filter narrows an index the
 * databases already walk in that order (see office-list-plans.test.ts): (updated_at, id) and
 * (status, updated_at, id), (expert_id, updated_at, id), (published_at, id) of migration 0042. A search is the
 * ids its index gives (at most a thousand or two), intersected with the rest. A cursor is a (date, id) keyset
 * position, so an article saved between two pages moves to the front and neither repeats nor hides another.
 */
export async function listArchivePage(handle: Db, scope: ListScope, filters: ListFilters, limit = listPageSize): Promise<ArchivePage> {
  const empty = { items: [], capped: false, nothingToSearch: false };
  if ('none' in scope) return empty;
  let matches: OfficeMatches | undefined;
  if (filters.text) {
    matches = await searchFor(handle, filters.text);
    if (!matches) return { ...empty, nothingToSearch: true };
    if (matches.ids.length === 0) return empty;
  }
  const { db } = handle;
  const column = filters.dates === 'published' ? 'publishedAt' : 'updatedAt';
  let query = db.selectFrom('articles').select(officeColumns);
  if (matches) query = query.where('id', 'in', matches.ids);
  for (const expertId of [...('expertId' in scope ? [scope.expertId] : []), ...(filters.expert ? [filters.expert.id] : [])]) {
    // Most experts co-wrote nothing: their list stays a walk along (expert_id, updated_at, id).
    query = (await hasCoauthored(handle, expertId))
      ? query.where((eb) => eb.or([eb('expertId', '=', expertId), eb('id', 'in', coauthoredArticleIds(db, expertId))]))
      : query.where('expertId', '=', expertId);
  }
  if (filters.tag) {
    const tagId = filters.tag.id;
    const tagged = (eb: ExpressionBuilder<Database, 'articles'>) => eb.selectFrom('articleTags').select('articleTags.articleId').where('articleTags.tagId', '=', tagId);
    // As the public listings do: a common tag is checked article by article along the list's index (EXISTS keeps
    // SQLite in order); a rare one's few articles are read and sorted.
    query = (await tagsAreCommon(handle, [tagId])) ? query.where((eb) => eb.exists(tagged(eb).whereRef('articleTags.articleId', '=', 'articles.id'))) : query.where('articles.id', 'in', tagged);
  }
  const now = nowIso();
  switch (filters.shown) {
    case 'draft':
      query = query.where('status', '=', 'draft').where('reviewNote', 'is', null);
      break;
    case 'returned':
      query = query.where('status', '=', 'draft').where('reviewNote', 'is not', null);
      break;
    case 'in_review':
      query = query.where('status', '=', 'in_review');
      break;
    case 'scheduled':
      query = query.where('status', '=', 'published').where('publishedAt', '>', now);
      break;
    case 'published':
      query = query.where('status', '=', 'published').where('publishedAt', '<=', now);
      break;
  }
  // Ordered by publication date, a list holds what has one (published, scheduled, or a draft's planned time).
  if (column === 'publishedAt') query = query.where('publishedAt', 'is not', null);
  if (filters.from) query = query.where(column, '>=', filters.from);
  if (filters.before) query = query.where(column, '<', filters.before);
  if (filters.cursor) {
    const { key, id } = filters.cursor;
    // The cursor's date is also the range's upper end, so that both engines seek to it instead of stepping over newer rows.
    query = query.where(column, '<=', key).where((eb) => eb.or([eb(column, '<', key), eb('id', '<', id)]));
  }
  const rows = await query
    .orderBy(column, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = keysetPage(rows, limit, (a) => (column === 'publishedAt' ? a.publishedAt! : a.updatedAt));
  return { ...page, capped: matches?.capped ?? false, nothingToSearch: false };
}

/** A cursor for the page after an article, as listArchivePage reads it (tests and lookups build addresses with it). */
export const cursorAfter = (article: OfficeArticleSummary, dates: ListDates) => encodeCursor({ key: dates === 'published' ? article.publishedAt! : article.updatedAt, id: article.id });
