import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { SESSION_COOKIE, sessionActor } from '../http/auth.ts';
import { assertCsrf, csrfTokensOf, isSafeMethod } from '../http/csrf.ts';
import { unauthorized, wantsJson } from '../http/errors.ts';
import { cookieHeader, readCookie } from '../http/signed-cookie.ts';
import { signIn, signOut, usableLink, useUserLink } from '../users/session-commands.ts';
import type { UsableLink } from '../users/links.ts';
import type { LinkPurpose } from '../users/tables.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { refuseCrossSite, safeNextPath } from '../office/guard.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { LinkPage, SignInPage } from './views.tsx';
import { officeSections } from './sections.ts';
import { newPassword } from '../users/passwords.ts';
import { firstAdminSetupPath, registerSetupPages, type SessionDoor } from './setup.tsx';
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

  const door: SessionDoor = {
    sessionRequest: (request: FastifyRequest) => ({
      ttlMs: config.sessionTtlMs,
      userAgent: request.headers['user-agent'] ?? '',
      earlierToken: readCookie(request.headers.cookie, SESSION_COOKIE),
    }),
    setSessionCookie: (reply, session) => void reply.header('set-cookie', sessionCookie(session.token, Math.round(config.sessionTtlMs / 1000))),
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
    const refuse = (status: number, message: string) => sendOfficePage(reply, <SignInPage site={site} next={next} email={input.email} errors={{ '': message }} />, status);
    let result;
    try {
      result = await signIn(requestContext(ctx, request), { email: input.email, password: input.password }, door.sessionRequest(request));
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return refuse(problem.status, problem.errors['']!);
    }
    if (!result.signedIn) {
      if (result.retryAfterSeconds !== undefined) reply.header('retry-after', String(result.retryAfterSeconds));
      return refuse(result.why === 'throttled' ? 429 : 401, result.message);
    }
    door.setSessionCookie(reply, result.session);
    return reply.status(303).header('location', next).header('cache-control', 'no-store').send();
  });

  app.post('/admin/logout', async (request, reply) => {
    const actor = await sessionActor(request, ctx.resolveActor);
    if (actor) {
      assertCsrf(request, csrfTokensOf(actor.session!), config.publicUrl);
      await signOut(requestContext(ctx, request), actor, readCookie(request.headers.cookie, SESSION_COOKIE)!);
    }
    reply.header('set-cookie', sessionCookie('', 0));
    return reply.status(303).header('location', '/admin/login?signed_out=1').header('cache-control', 'no-store').send();
  });

  registerSetupPages(app, ctx, door);
  registerForgotPassword(app, ctx);
  registerLinkPages(app, ctx, 'invite', door);
  registerLinkPages(app, ctx, 'reset', door);

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
function registerLinkPages(app: FastifyInstance, ctx: AppContext, purpose: LinkPurpose, door: SessionDoor) {
  const path = purpose === 'invite' ? '/admin/invitations/:token' : '/admin/password-reset/:token';

  const render = async (reply: FastifyReply, link: UsableLink, errors: FieldErrors = {}, name = '', status = 200) =>
    sendOfficePage(reply, <LinkPage site={await ctx.siteView()} purpose={purpose} link={link} errors={errors} name={name || link.user.name} />, status);

  app.get<{ Params: { token: string } }>(path, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return render(reply, await usableLink(ctx.handle, request.params.token, purpose));
  });

  app.post<{ Params: { token: string } }>(path, async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    reply.header('referrer-policy', 'no-referrer');
    const link = await usableLink(ctx.handle, request.params.token, purpose);
    const form = linkForm.safeParse(request.body ?? {});
    const name = typeof (request.body as { name?: unknown })?.name === 'string' ? String((request.body as { name: string }).name) : '';
    if (!form.success) return render(reply, link, fieldErrorsOf(form.error), name, 422);
    try {
      const used = await useUserLink(requestContext(ctx, request), purpose, request.params.token, { password: form.data.password, name: form.data.name }, door.sessionRequest(request));
      door.setSessionCookie(reply, used.session);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return render(reply, link, problem.errors, name, problem.status);
    }
    return reply
      .status(303)
      .header('location', `/admin?notice=${purpose === 'invite' ? 'welcome' : 'password_set'}`)
      .header('cache-control', 'no-store')
      .send();
  });
}
