import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type ZodType, type ZodTypeDef } from 'zod';
import { isForeignKeyViolation, isUniqueViolation, SlugTakenError } from '../db/errors.ts';

/** An answer to bad input: a 4xx with a machine-readable code and, where it applies, the field at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Headers the answer carries, such as Retry-After on a 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, 'not_found', what);
export const forbidden = (what = 'You are not allowed to do this') => new HttpError(403, 'forbidden', what);
export const unauthorized = (what = 'A valid bearer token is required') => new HttpError(401, 'unauthorized', what);
export const conflict = (what: string, field?: string) => new HttpError(409, 'conflict', what, field);
export const invalid = (what: string, field?: string) => new HttpError(422, 'invalid', what, field);

export function errorBody(err: HttpError) {
  return { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
}

/** Validates input against a zod schema; the first problem becomes a 422 naming its field. */
export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw fromZod(result.error);
}

export function fromZod(error: ZodError): HttpError {
  const issue = error.issues[0]!;
  // A field nobody asked for is named as the field at fault, so a typo ("titel") is easy to spot.
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return new HttpError(422, 'invalid', `${field}: is not a field this accepts`, field);
  }
  const field = issue.path.join('.') || undefined;
  const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
  return new HttpError(422, 'invalid', field ? `${field}: ${message}` : message, field);
}

/** Maps Fastify's own errors (body too large, bad JSON, wrong content type) onto HttpError. */
export function toHttpError(err: FastifyError | Error): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (err instanceof SlugTakenError) return new HttpError(409, 'conflict', `slug: ${err.message}`, 'slug');
  // A safety net: the routes check first, but the database has the last word when processes race.
  if (isUniqueViolation(err)) return new HttpError(409, 'conflict', 'This conflicts with something that exists already');
  if (isForeignKeyViolation(err)) return new HttpError(422, 'invalid', 'This refers to something that does not exist');
  const fe = err as FastifyError;
  const status = fe.statusCode ?? 500;
  if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_PARTS_LIMIT' || fe.code === 'FST_FILES_LIMIT')
    return new HttpError(413, 'payload_too_large', 'The request body is too large');
  if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new HttpError(415, 'unsupported_media_type', 'This content type is not accepted here');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new HttpError(400, 'bad_request', 'The JSON body is empty');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
    return new HttpError(400, 'bad_json', 'The body is not valid JSON');
  if (status === 429) return new HttpError(429, 'rate_limited', 'Too many requests; try again later');
  if (status >= 400 && status < 500) return new HttpError(status, 'bad_request', fe.message || 'Bad request');
  return new HttpError(500, 'internal', 'Something went wrong on our side');
}

export function wantsJson(request: FastifyRequest): boolean {
  // A client that sends JSON reads JSON back, even from an address that also takes forms.
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json') || (request.headers['content-type'] ?? '').startsWith('application/json');
}

export type PageRenderer = (status: number, title: string, message: string) => Promise<string>;

/** One error handler for the whole app: JSON for the API, a page in the site's design elsewhere. */
export function errorHandler(renderPage: PageRenderer) {
  return async (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const httpError = toHttpError(err);
    // A 503 is a deliberate answer (too busy, try later) with its own message; other 5xx are failures.
    const failed = httpError.status >= 500 && httpError.status !== 503;
    if (failed) request.log.error({ err }, 'request failed');
    reply.status(httpError.status);
    if (httpError.headers) reply.headers(httpError.headers);
    if (wantsJson(request)) return reply.send(errorBody(httpError));
    const title = httpError.status === 404 ? 'Page not found' : failed ? 'Something went wrong' : httpError.status === 503 ? 'Please try again in a moment' : 'We could not do that';
    const message = failed ? 'An error on our side stopped this page. Please try again in a moment.' : httpError.message;
    return reply.type('text/html; charset=utf-8').send(await renderPage(httpError.status, title, message));
  };
}
