import type { Redirect } from './store.ts';

/** A redirect in the API: where from, where to, how. */
export function redirectJson(redirect: Redirect) {
  return {
    id: redirect.id,
    from: redirect.fromPath,
    to: redirect.target,
    status: redirect.status,
    prefix: redirect.prefix === 1,
    origin: redirect.origin,
    note: redirect.note,
    created_at: redirect.createdAt,
    updated_at: redirect.updatedAt,
  };
}

export const redirectSubject = (redirect: Pick<Redirect, 'id' | 'fromPath'>) => ({ kind: 'redirect', id: redirect.id, label: redirect.fromPath });

export const redirectDetail = (redirect: Pick<Redirect, 'target' | 'status' | 'prefix'>) => `→ ${redirect.target} (${redirect.status}${redirect.prefix ? ', with everything under it' : ''})`;
