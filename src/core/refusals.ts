import type { ZodError, ZodIssue, ZodType, ZodTypeDef } from 'zod';

/**
 * Why the domain refused a request, in its own words: the entry point (API, office, command line)
 * decides what that means for its caller. Nothing here knows about status codes or forms.
 */
export type RefusalKind =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  /** Not a kind of input this takes (a file that is not an image). */
  | 'unsupported'
  /** Was here once and is no longer (a used invitation link). */
  | 'gone'
  /** Too many attempts from the same place; try later. */
  | 'rate_limited'
  /** Too much work waiting; try again after retryAfterSeconds. */
  | 'busy';

/** One thing wrong with the input: the field at fault and what is wrong with it. */
export interface Problem {
  field: string;
  reason: string;
}

export class Refusal extends Error {
  /**
   * @param reason what is wrong, without the field's name ("is required")
   * @param field the input at fault, as the API names it ("review_note"), when one is
   */
  constructor(
    readonly kind: RefusalKind,
    readonly reason: string,
    readonly field?: string,
    /** For `busy`: how long to wait before trying again. */
    readonly retryAfterSeconds?: number,
    /** For `invalid`: every field at fault, the first of them being `field` (a form shows them all at once). */
    readonly problems: readonly Problem[] = field === undefined ? [] : [{ field, reason }],
  ) {
    super(field ? `${field}: ${reason}` : reason);
  }
}

export const notFound = (reason = 'Not found') => new Refusal('not_found', reason);
export const forbidden = (reason = 'You are not allowed to do this') => new Refusal('forbidden', reason);
export const conflict = (reason: string, field?: string) => new Refusal('conflict', reason, field);
export const invalid = (reason: string, field?: string) => new Refusal('invalid', reason, field);
export const tooLarge = (reason: string, field?: string) => new Refusal('too_large', reason, field);
export const unsupported = (reason: string, field?: string) => new Refusal('unsupported', reason, field);
export const gone = (reason: string) => new Refusal('gone', reason);
export const busy = (reason: string, retryAfterSeconds: number) => new Refusal('busy', reason, undefined, retryAfterSeconds);

/** Validates input against a zod schema; the first problem becomes an `invalid` refusal naming its field. */
export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw fromZod(result.error);
}

export function fromZod(error: ZodError): Refusal {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const problem = problemOf(issue);
    if (!problems.some((p) => p.field === problem.field)) problems.push(problem);
  }
  const [first] = problems;
  return new Refusal(
    'invalid',
    first!.reason,
    first!.field || undefined,
    undefined,
    problems.filter((p) => p.field !== ''),
  );
}

function problemOf(issue: ZodIssue): Problem {
  // A field nobody asked for is named as the field at fault, so a typo ("titel") is easy to spot.
  if (issue.code === 'unrecognized_keys') return { field: [...issue.path, issue.keys[0]].join('.'), reason: 'is not a field this accepts' };
  return { field: issue.path.join('.'), reason: issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message };
}

export const isRefusal = (err: unknown): err is Refusal => err instanceof Refusal;
