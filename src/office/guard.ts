import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../core/actor.ts';
import { csrfRefused, fromAnotherSite } from '../http/csrf.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person on an office page; set by the office's guard before any handler runs. */
    officeActor?: UserActor;
  }
}

/** The signed-in person on an office page (the guard has made sure there is one). */
export function officeActor(request: FastifyRequest): UserActor {
  const actor = request.officeActor;
  if (!actor) throw new Error('officeActor called outside the editorial office');
  return actor;
}

/** After a change, office forms go to a page with a one-word outcome the page turns into a notice. */
export function redirectAfterPost(reply: FastifyReply, path: string, notice?: string) {
  const target = notice ? `${path}${path.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}` : path;
  return reply.status(303).header('location', target).header('cache-control', 'no-store').send();
}

/** An office address to return to after signing in: only our own /admin pages, never another site. */
export function safeNextPath(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[A-Za-z0-9\-._~/%?=&]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}

/** The confirmation a page shows after a redirect: only the page's own known notices, never text from the address. */
export function noticeFrom(request: FastifyRequest, messages: Record<string, string>): string | undefined {
  const code = (request.query as { notice?: unknown } | undefined)?.notice;
  return typeof code === 'string' && Object.hasOwn(messages, code) ? messages[code] : undefined;
}

/** Forms on the office's open pages (sign-in, links, setup, forgotten password) are refused when another site's page sends them (login CSRF). */
export function refuseCrossSite(request: FastifyRequest, publicUrl: string): void {
  if (fromAnotherSite(request, publicUrl)) throw csrfRefused();
}

/** Signs a person in on this response: ends any session the browser still carries and sets the new cookie. */
export type SessionStarter = (request: FastifyRequest, reply: FastifyReply, userId: number) => Promise<void>;
