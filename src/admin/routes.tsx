import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE, sessionActor } from '../http/auth.ts';
import { assertCsrf, csrfTokensOf, isSafeMethod } from '../http/csrf.ts';
import { HttpError, unauthorized, wantsJson } from '../http/errors.ts';
import { cookieHeader, readCookie } from '../http/signed-cookie.ts';
import { checkCredentials } from '../users/store.ts';
import { createSession, endSession, pruneExpiredSessions } from '../users/sessions.ts';
import { refusalDetail, throttleFor } from '../users/throttle.ts';
import { findUsableLink, redeemUserLink, type UsableLink } from '../users/links.ts';
import type { LinkPurpose } from '../users/tables.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { refuseCrossSite, safeNextPath, type SessionStarter } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { LinkPage, SignInPage } from './views.tsx';
import { officeSections } from './sections.ts';
import { newPassword } from '../users/passwords.ts';
import { firstAdminSetupPath, registerSetupPages } from './setup.tsx';
import { registerForgotPassword } from './forgot.tsx';

const signInForm = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
  next: z.string().max(2000).optional(),
});

const linkForm = z
  .object({
    name: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    password: newPassword,
    confirm: z.string().max(1000),
  })
  .refine((f) => f.password === f.confirm, { message: 'does not match the password', path: ['confirm'] });

/**
 * The editorial office at /admin: signing in and out and the one-time links are open to anyone; every
 * other office page is registered inside a scope whose guard signs the person in (or sends them to the
 * sign-in page) and checks the CSRF token of everything that changes state.
 */
export async function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle, config } = ctx;
  const sessionCookie = (value: string, maxAgeSeconds: number) => cookieHeader(SESSION_COOKIE, value, { maxAgeSeconds, secure: config.secureCookies });

  const startSession: SessionStarter = async (request, reply, userId) => {
    // Housekeeping on the way in: expired sessions are never read again. One indexed delete, rarely run.
    await pruneExpiredSessions(handle);
    // Signing in on a browser that still holds a session (perhaps someone else's) ends that one.
    const earlier = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (earlier) await endSession(handle, earlier);
    const { token } = await createSession(handle, userId, config.sessionTtlMs, request.headers['user-agent'] ?? '');
    reply.header('set-cookie', sessionCookie(token, Math.round(config.sessionTtlMs / 1000)));
  };

  app.get<{ Querystring: { next?: string; signed_out?: string } }>('/admin/login', async (request, reply) => {
    if (await sessionActor(request, ctx.resolveActor)) return reply.status(303).header('location', safeNextPath(request.query.next)).send();
    const notice = request.query.signed_out !== undefined ? 'You have signed out.' : undefined;
    const noAccounts = (await firstAdminSetupPath(handle)) !== undefined;
    return sendOfficePage(reply, <SignInPage site={await ctx.siteView()} next={safeNextPath(request.query.next)} notice={notice} noAccounts={noAccounts} />);
  });

  app.post('/admin/login', async (request, reply) => {
    refuseCrossSite(request, config.publicUrl);
    const form = signInForm.safeParse(request.body ?? {});
    const input = form.success ? form.data : { email: '', password: '', next: undefined };
    const next = safeNextPath(input.next);
    const site = await ctx.siteView();
    const refuse = (status: number, message: string) =>
      sendOfficePage(reply, <SignInPage site={site} next={next} email={input.email} errors={{ '': message }} />, status);
    if (!input.email || !input.password) return refuse(422, 'Enter your e-mail address and your password.');
    const limiter = await throttleFor(handle);
    const state = await limiter.attempt(input.email, request.ip);
    if (state.blocked) {
      const detail = refusalDetail(state);
      if (detail) await ctx.audit(null, { action: 'user.sign_in_refused', subject: { kind: 'user', label: input.email }, detail }, request);
      const minutes = Math.max(1, Math.ceil(state.retryAfterSeconds / 60));
      reply.header('retry-after', String(state.retryAfterSeconds));
      const what = { network: 'from your network', account: 'at this account from your network', ceiling: 'at this account' }[state.reason ?? 'account'];
      return refuse(429, `Too many failed sign-ins ${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator for a password reset link.`);
    }
    const user = await checkCredentials(handle, input.email, input.password);
    if (!user) {
      await ctx.audit(null, { action: 'user.sign_in_failed', subject: { kind: 'user', label: input.email } }, request);
      return refuse(401, 'That e-mail address and password do not match an account. Check them and try again.');
    }
    await limiter.succeeded(input.email, request.ip);
    await startSession(request, reply, user.id);
    await ctx.audit({ userId: user.id, email: user.email }, { action: 'user.sign_in', subject: { kind: 'user', id: user.id, label: user.email } }, request);
    return reply.status(303).header('location', next).header('cache-control', 'no-store').send();
  });

  app.post('/admin/logout', async (request, reply) => {
    const actor = await sessionActor(request, ctx.resolveActor);
    if (actor) {
      assertCsrf(request, csrfTokensOf(actor.session!), config.publicUrl);
      await endSession(handle, readCookie(request.headers.cookie, SESSION_COOKIE)!);
      await ctx.audit(actor, { action: 'user.sign_out', subject: { kind: 'user', id: actor.userId, label: actor.email } }, request);
    }
    reply.header('set-cookie', sessionCookie('', 0));
    return reply.status(303).header('location', '/admin/login?signed_out=1').header('cache-control', 'no-store').send();
  });

  registerSetupPages(app, ctx, startSession);
  registerForgotPassword(app, ctx);
  registerLinkPages(app, ctx, 'invite', startSession);
  registerLinkPages(app, ctx, 'reset', startSession);

  await app.register(async (office) => {
    office.addHook('preHandler', async (request, reply) => {
      const actor = await sessionActor(request, ctx.resolveActor);
      if (!actor) {
        if (wantsJson(request)) throw unauthorized('Your session has ended; sign in again');
        const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
        return reply.status(303).header('location', `/admin/login${next}`).header('cache-control', 'no-store').send();
      }
      request.officeActor = actor;
      if (!isSafeMethod(request.method)) assertCsrf(request, csrfTokensOf(actor.session!), config.publicUrl);
      // The session slides forward on the server; the cookie follows, so people who work daily stay signed in.
      else reply.header('set-cookie', sessionCookie(readCookie(request.headers.cookie, SESSION_COOKIE)!, Math.round(config.sessionTtlMs / 1000)));
    });
    for (const section of officeSections) await section(office, ctx);
  });
}

/** Invitation and password-reset links: a form to choose a password, then straight into the office. */
function registerLinkPages(app: FastifyInstance, ctx: AppContext, purpose: LinkPurpose, startSession: SessionStarter) {
  const path = purpose === 'invite' ? '/admin/invitations/:token' : '/admin/password-reset/:token';
  const goneMessage =
    purpose === 'invite'
      ? 'This invitation has been used, has expired, or was replaced by a newer one. Ask an administrator for a new link.'
      : 'This password reset link has been used, has expired, or was replaced by a newer one. Ask an administrator for a new link.';

  async function usable(token: string): Promise<UsableLink> {
    const link = await findUsableLink(ctx.handle, token, purpose);
    if (!link) throw new HttpError(410, 'gone', goneMessage);
    return link;
  }

  const render = async (reply: FastifyReply, link: UsableLink, errors: FieldErrors = {}, name = '', status = 200) =>
    sendOfficePage(reply, <LinkPage site={await ctx.siteView()} purpose={purpose} link={link} errors={errors} name={name || link.user.name} />, status);

  app.get<{ Params: { token: string } }>(path, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return render(reply, await usable(request.params.token));
  });

  app.post<{ Params: { token: string } }>(path, async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    reply.header('referrer-policy', 'no-referrer');
    const link = await usable(request.params.token);
    const form = linkForm.safeParse(request.body ?? {});
    const name = typeof (request.body as { name?: unknown })?.name === 'string' ? String((request.body as { name: string }).name) : '';
    if (!form.success) return render(reply, link, fieldErrorsOf(form.error), name, 422);
    if (purpose === 'invite' && !form.data.name) return render(reply, link, { name: 'is required: it is how colleagues will see you' }, name, 422);
    const redeemed = await redeemUserLink(ctx.handle, link, { password: form.data.password, ...(purpose === 'invite' && { name: form.data.name }) });
    if (!redeemed) throw new HttpError(410, 'gone', goneMessage);
    // The new password is proof enough: failed guesses at the old one no longer hold the account back.
    await (await throttleFor(ctx.handle)).succeeded(link.user.email, request.ip);
    await startSession(request, reply, link.user.id);
    const actor = { userId: link.user.id, email: link.user.email };
    await ctx.audit(actor, { action: purpose === 'invite' ? 'user.accept_invitation' : 'user.reset_password', subject: { kind: 'user', id: link.user.id, label: link.user.email } }, request);
    return reply.status(303).header('location', `/admin?notice=${purpose === 'invite' ? 'welcome' : 'password_set'}`).header('cache-control', 'no-store').send();
  });
}
