import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { fromZod } from '../core/refusals.ts';
import { slugField, trimmed } from '../http/schemas.ts';
import { maxPageSize, maxSearchPage, searchSorts } from './search.ts';

const blank = { blankAsMissing: true };

function isCalendarDay(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDay, 'must be a real date');
const wholeNumber = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v),
    z
      .number({ invalid_type_error: `must be a whole number from 1 to ${max}` })
      .int()
      .min(1)
      .max(max, `must be at most ${max}`),
  );

/**
 * The longest search accepted. The search form allows 2,000 characters and parseQuery keeps 32 words at most: a
 * longer query is no reader's, and is refused (414) rather than read.
 */
export const maxQueryLength = 20_000;

/**
 * What /search and the search API accept. The words may be anything (parseQuery reads any text);
 * the filters must be well formed. Empty form fields count as not given. Whether a language or an
 * edition is one this site has is the routes' to say (checkLanguages in routes.tsx).
 */
export const searchParams = z
  .object({
    q: z.string({ invalid_type_error: 'must be text' }).max(maxQueryLength, `must be at most ${maxQueryLength} characters`).default(''),
    expert: trimmed(slugField.optional(), blank),
    tag: trimmed(slugField.optional(), blank),
    language: trimmed(
      z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}$/, 'must be a language code such as en or pt-BR')
        .optional(),
      blank,
    ),
    /** The API's: the edition whose readers ask (see the search routes); the pages know it from their address. */
    edition: trimmed(
      z
        .string()
        .regex(/^[a-z]{2}$/, 'must be an edition of this site, such as en')
        .optional(),
      blank,
    ),
    from: trimmed(day.optional(), blank),
    to: trimmed(day.optional(), blank),
    sort: trimmed(z.enum(searchSorts, { errorMap: () => ({ message: `must be one of ${searchSorts.join(', ')}` }) }).optional(), blank),
    page: trimmed(wholeNumber(maxSearchPage).optional(), blank),
    limit: trimmed(wholeNumber(maxPageSize).optional(), blank),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be before from', path: ['to'] });

export type SearchParams = z.output<typeof searchParams>;

/** Reads search parameters; a malformed one is a 400 naming it (a query string, not a body, is at fault). */
export function parseSearchParams(query: unknown): SearchParams {
  const result = searchParams.safeParse(query ?? {});
  if (result.success) return result.data;
  const problem = fromZod(result.error);
  if (problem.field === 'q' && result.error.issues.some((i) => i.code === 'too_big')) {
    throw new HttpError(414, 'uri_too_long', `The words to find must be at most ${maxQueryLength} characters`, 'q');
  }
  throw new HttpError(400, 'bad_request', problem.message, problem.field);
}
