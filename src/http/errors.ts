import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { fromZod, Refusal, type RefusalKind } from '../core/refusals.ts';
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

export const unauthorized = (what = 'A valid bearer token is required') => new HttpError(401, 'unauthorized', what);

export function errorBody(err: HttpError) {
  return { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
}

const refusalAnswers: Record<RefusalKind, { status: number; code: string }> = {
  not_found: { status: 404, code: 'not_found' },
  forbidden: { status: 403, code: 'forbidden' },
  conflict: { status: 409, code: 'conflict' },
  invalid: { status: 422, code: 'invalid' },
  too_large: { status: 413, code: 'payload_too_large' },
  unsupported: { status: 415, code: 'unsupported_media_type' },
  gone: { status: 410, code: 'gone' },
  rate_limited: { status: 429, code: 'rate_limited' },
  busy: { status: 503, code: 'busy' },
};

/** The one place where the domain's refusals become HTTP answers. */
export function fromRefusal(refusal: Refusal): HttpError {
  const { status, code } = refusalAnswers[refusal.kind];
  const headers = refusal.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(refusal.retryAfterSeconds) };
  return new HttpError(status, code, refusal.message, refusal.field, headers);
}

/** Maps Fastify's own errors (body too large, bad JSON, wrong content type) onto HttpError. */
export function toHttpError(err: FastifyError | Error): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof Refusal) return fromRefusal(err);
  if (err instanceof ZodError) return fromRefusal(fromZod(err));
  if (err instanceof SlugTakenError) return new HttpError(409, 'conflict', `slug: ${err.message}`, 'slug');
  // A safety net: the routes check first, but the database has the last word when processes race.
  if (isUniqueViolation(err)) return new HttpError(409, 'conflict', 'This conflicts with something that exists already');
  if (isForeignKeyViolation(err)) return new HttpError(422, 'invalid', 'This refers to something that does not exist');
  const fe = err as FastifyError;
  const status = fe.statusCode ?? 500;
  if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_PARTS_LIMIT' || fe.code === 'FST_FILES_LIMIT')
    return new HttpError(413, 'payload_too_large', 'The request body is too large');
  if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new HttpError(415, 'unsupported_media_type', 'This content type is not accepted here');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new HttpError(400, 'bad_request', 'The JSON body is empty');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return new HttpError(400, 'bad_json', 'The body is not valid JSON');
  if (status === 429) return new HttpError(429, 'rate_limited', 'Too many requests; try again later');
  if (status >= 400 && status < 500) return new HttpError(status, 'bad_request', fe.message || 'Bad request');
  return new HttpError(500, 'internal', 'Something went wrong on our side');
}

export function wantsJson(request: FastifyRequest): boolean {
  // A client that sends JSON reads JSON back, even from an address that also takes forms.
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json') || (request.headers['content-type'] ?? '').startsWith('application/json');
}

/** What went wrong, for the page that says so: its own words in the reader's language where it is a common case. */
export type ErrorPageKind = 'not_found' | 'failed' | 'busy' | 'refused';
export type PageRenderer = (request: FastifyRequest, status: number, kind: ErrorPageKind, message: string) => Promise<string>;

/** One error handler for the whole app: JSON for the API, a page in the site's design elsewhere. */
export interface ErrorHandlerOptions {
  /** Asked before a reader is shown the not-found page; resolves true when it has answered instead. */
  beforeNotFound?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

export function errorHandler(renderPage: PageRenderer, options: ErrorHandlerOptions = {}) {
  return async (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const httpError = toHttpError(err);
    if (httpError.status === 404 && options.beforeNotFound && (request.method === 'GET' || request.method === 'HEAD') && !wantsJson(request)) {
      // A reader's page that is not here may have moved: the old address may say where (a redirect).
      const answered = await options.beforeNotFound(request, reply).catch((e: unknown) => {
        request.log.warn({ err: e }, 'could not look for a redirect');
        return false;
      });
      if (answered) return reply;
    }
    // A 503 is a deliberate answer (too busy, try later) with its own message; other 5xx are failures.
    const failed = httpError.status >= 500 && httpError.status !== 503;
    if (failed) request.log.error({ err }, 'request failed');
    reply.status(httpError.status);
    if (httpError.headers) reply.headers(httpError.headers);
    if (wantsJson(request)) return reply.send(errorBody(httpError));
    const kind: ErrorPageKind = httpError.status === 404 ? 'not_found' : failed ? 'failed' : httpError.status === 503 ? 'busy' : 'refused';
    return reply.type('text/html; charset=utf-8').send(await renderPage(request, httpError.status, kind, httpError.message));
  };
}
