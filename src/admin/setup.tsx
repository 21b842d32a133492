import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { HttpError } from '../http/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { signingSecret } from '../site/store.ts';
import { countUsers, createUser } from '../users/store.ts';
import { ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { OfficeDoor, sendOfficePage } from '../office/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { newPassword } from '../users/passwords.ts';
import { refuseCrossSite, type SessionStarter } from '../office/guard.ts';

/**
 * A fresh install has no accounts, so nobody could sign in to make one. The server prints a setup link
 * when it starts; only someone who can read its output (the person who installed it) can use it, and it
 * stops working once anyone has an account. The token is derived from the site's secret, so every
 * process prints the same link and no extra state is kept.
 */
function setupToken(secret: string): string {
  return createHmac('sha256', secret).update('first-administrator-setup').digest('base64url');
}

/** The setup page's address while the site has no accounts; undefined once it has one. */
export async function firstAdminSetupPath(handle: Db): Promise<string | undefined> {
  if ((await countUsers(handle)) > 0) return undefined;
  return `/admin/setup/${setupToken(await signingSecret(handle))}`;
}

const setupForm = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    email: z.string().trim().max(320).email('must be an e-mail address'),
    password: newPassword,
    confirm: z.string().max(1000),
  })
  .refine((f) => f.password === f.confirm, { message: 'does not match the password', path: ['confirm'] });

const goneMessage = 'This setup link is no longer needed: the site has its first administrator. Sign in at /admin/login.';

export function registerSetupPages(app: FastifyInstance, ctx: AppContext, startSession: SessionStarter) {
  async function assertUsable(token: string) {
    const expected = Buffer.from(setupToken(await signingSecret(ctx.handle)));
    const given = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(404, 'not_found', 'There is no such setup link.');
    if ((await countUsers(ctx.handle)) > 0) throw new HttpError(410, 'gone', goneMessage);
  }

  const render = async (reply: FastifyReply, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) =>
    sendOfficePage(reply, <SetupPage site={await ctx.siteView()} values={values} errors={errors} />, status);

  app.get<{ Params: { token: string } }>('/admin/setup/:token', async (request, reply) => {
    await assertUsable(request.params.token);
    reply.header('referrer-policy', 'no-referrer');
    return render(reply);
  });

  app.post<{ Params: { token: string } }>('/admin/setup/:token', async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    await assertUsable(request.params.token);
    reply.header('referrer-policy', 'no-referrer');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { name: String(body.name ?? '').slice(0, 200), email: String(body.email ?? '').slice(0, 320) };
    const form = setupForm.safeParse(body);
    if (!form.success) return render(reply, values, fieldErrorsOf(form.error), 422);
    // Two people racing with the link could both get in; both could read the server's output, so
    // both were entitled to it. The unique e-mail keeps the same person from being made twice.
    const user = await createUser(ctx.handle, { email: form.data.email, name: form.data.name, role: 'admin', password: form.data.password }).catch((err: unknown) => {
      throw isUniqueViolation(err) ? new HttpError(410, 'gone', goneMessage) : err;
    });
    await startSession(request, reply, user.id);
    await ctx.audit({ userId: user.id, email: user.email }, { action: 'user.setup', subject: { kind: 'user', id: user.id, label: user.email } }, request);
    return reply.status(303).header('location', '/admin?notice=welcome').header('cache-control', 'no-store').send();
  });
}

function SetupPage(props: { site: SiteView; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <OfficeDoor site={props.site} title="Set up the editorial office">
      <h1>Set up the editorial office</h1>
      <p>Create the first administrator. Administrators invite the experts, editors and other administrators from the office.</p>
      <ErrorSummary errors={props.errors} labels={{ name: 'Your name', email: 'Email', password: 'Password', confirm: 'Confirm password' }} />
      <form method="post" class="office-form">
        <Field name="name" label="Your name" value={props.values.name} autocomplete="name" required maxLength={200} errors={props.errors} />
        <Field name="email" label="Email" type="email" value={props.values.email} autocomplete="username" required maxLength={320} errors={props.errors} />
        <Field name="password" label="Password" type="password" autocomplete="new-password" required hint="At least 10 characters." errors={props.errors} />
        <Field name="confirm" label="Confirm password" type="password" autocomplete="new-password" required errors={props.errors} />
        <button type="submit" class="button button-primary">Create administrator</button>
      </form>
    </OfficeDoor>
  );
}
