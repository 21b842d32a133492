import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../src/schema.ts';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { csrfTokenFor } from '../src/http/csrf.ts';
import { signingSecret } from '../src/site/store.ts';
import { createSession } from '../src/users/sessions.ts';
import { getUserByEmail, sha256 } from '../src/users/store.ts';

/** A signed-in browser, as far as the office can tell: the session cookie and the CSRF token its pages carry. */
export interface OfficeSession {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a form (fields as a browser would send them); the CSRF token is added unless `csrf: false`. */
  post(url: string, fields?: Record<string, string | string[]>, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Sends JSON as the office's scripts do: session cookie plus the CSRF header. */
  json(method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
}

/** Signs a user in without the sign-in form (tests of sign-in itself use the form). */
export async function officeSessionFor(app: FastifyInstance, handle: Db, email: string): Promise<OfficeSession> {
  const user = await getUserByEmail(handle, email);
  if (!user) throw new Error(`no user ${email}`);
  const { token } = await createSession(handle, user.id, 3600_000);
  const cookie = `${SESSION_COOKIE}=${token}`;
  const csrf = csrfTokenFor(await signingSecret(handle), sha256(token));
  return {
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, fields = {}, options = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        payload: formBody(options.csrf === false ? fields : { _csrf: csrf, ...fields }),
      }),
    json: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      }),
  };
}
