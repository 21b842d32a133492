import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/** Forms carry the token in this field; scripts send it in the header. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The token that proves a request was made by one of our own pages, bound to the signed-in session. */
export function csrfTokenFor(secret: string, sessionTokenHash: string): string {
  return createHmac('sha256', secret).update(`csrf\0${sessionTokenHash}`).digest('base64url');
}

/**
 * Whether a browser says the request comes from another site's page. Programs send none of these
 * headers, and the browser's own address bar says "none".
 */
export function fromAnotherSite(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  return origin !== undefined && origin !== 'null' && origin !== new URL(publicUrl).origin && URL.canParse(origin) && new URL(origin).host !== request.headers.host;
}

export const csrfRefused = () => new HttpError(403, 'csrf', 'This form has expired or was sent from another site. Reload the page and try again.');

/**
 * The tokens a session's forms may carry: one per signing secret, so that a page loaded before the
 * secret was rotated can still be sent. The first is the one pages are given now.
 */
export function acceptedCsrfTokens(secrets: readonly string[], sessionTokenHash: string): string[] {
  return secrets.map((secret) => csrfTokenFor(secret, sessionTokenHash));
}

/** What assertCsrf checks a request against: a session's token, or the tokens it accepts. */
export const csrfTokensOf = (session: { csrfToken: string; acceptedCsrfTokens?: readonly string[] }): readonly string[] => session.acceptedCsrfTokens ?? [session.csrfToken];

/** Refuses a state-changing request made with a session cookie unless it carries the session's token (or one of them). */
export function assertCsrf(request: FastifyRequest, expected: string | readonly string[], publicUrl: string): void {
  if (fromAnotherSite(request, publicUrl)) throw csrfRefused();
  const given = Buffer.from(givenToken(request));
  const matches = (typeof expected === 'string' ? [expected] : expected).filter((token) => {
    const b = Buffer.from(token);
    return given.length === b.length && timingSafeEqual(given, b);
  });
  if (matches.length === 0) throw csrfRefused();
}

/**
 * Scripts send the token in a header and forms in a field. A file upload without JavaScript is a
 * multipart form, whose fields are read only after this check, so it carries the token in its address.
 */
function givenToken(request: FastifyRequest): string {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  if (typeof body?.[CSRF_FIELD] === 'string') return body[CSRF_FIELD] as string;
  const query = request.query as Record<string, unknown> | undefined;
  const multipart = /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
  return multipart && typeof query?.[CSRF_FIELD] === 'string' ? (query[CSRF_FIELD] as string) : '';
}

export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
