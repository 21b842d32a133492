import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { checkSetupLink, setupFirstAdministrator, type SessionRequest, type StartedSession } from '../users/session-commands.ts';
import { ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { OfficeDoor, sendOfficePage } from '../office/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { newPassword } from '../users/passwords.ts';
import { refuseCrossSite } from '../office/guard.ts';

export { firstAdminSetupPath } from '../users/session-commands.ts';

/** How the office's open pages sign someone in: what the new session needs from the request, and its cookie on the answer. */
export interface SessionDoor {
  sessionRequest(request: FastifyRequest): SessionRequest;
  setSessionCookie(reply: FastifyReply, session: StartedSession): void;
}

const setupForm = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    email: z.string().trim().max(320).email('must be an e-mail address'),
    password: newPassword,
    confirm: z.string().max(1000),
  })
  .refine((f) => f.password === f.confirm, { message: 'does not match the password', path: ['confirm'] });

export function registerSetupPages(app: FastifyInstance, ctx: AppContext, door: SessionDoor) {
  const render = async (reply: FastifyReply, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) =>
    sendOfficePage(reply, <SetupPage site={await ctx.siteView()} values={values} errors={errors} />, status);

  app.get<{ Params: { token: string } }>('/admin/setup/:token', async (request, reply) => {
    await checkSetupLink(ctx.handle, request.params.token);
    reply.header('referrer-policy', 'no-referrer');
    return render(reply);
  });

  app.post<{ Params: { token: string } }>('/admin/setup/:token', async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    await checkSetupLink(ctx.handle, request.params.token);
    reply.header('referrer-policy', 'no-referrer');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { name: String(body.name ?? '').slice(0, 200), email: String(body.email ?? '').slice(0, 320) };
    const form = setupForm.safeParse(body);
    if (!form.success) return render(reply, values, fieldErrorsOf(form.error), 422);
    try {
      const { session } = await setupFirstAdministrator(requestContext(ctx, request), request.params.token, form.data, door.sessionRequest(request));
      door.setSessionCookie(reply, session);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return render(reply, values, problem.errors, problem.status);
    }
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
        <button type="submit" class="button button-primary">
          Create administrator
        </button>
      </form>
    </OfficeDoor>
  );
}
