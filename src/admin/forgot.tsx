import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { linkPath } from '../users/links.ts';
import { requestPasswordReset } from '../users/session-commands.ts';
import { formatDateTime } from '../views/format.ts';
import type { SiteView } from '../views/site.ts';
import { ErrorSummary, Field, type FieldErrors } from '../office/forms.tsx';
import { refuseCrossSite } from '../office/guard.ts';
import { OfficeDoor, sendOfficePage } from '../office/layout.tsx';

const requestForm = z.object({ email: z.string().trim().max(320).email('must be an e-mail address') });

/**
 * "Forgotten your password?" With a mail server configured, a person asks for a reset link by e-mail.
 * The answer is the same whether or not the address has an account, and it comes at once: the lookup,
 * the link and the mail happen after the response, so neither its words nor its timing tell anybody who
 * works here. Requests have their own throttle (per account and per network), so the form cannot flood
 * an inbox, and asking in someone's name never locks them out of signing in.
 * Without a mail server the page says to ask an administrator, who can make a link in the office.
 */
export function registerForgotPassword(app: FastifyInstance, ctx: AppContext) {
  /** Mailings still under way; closing the server waits for them. */
  const pending = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
  });

  app.get('/admin/forgot-password', async (_request, reply) => sendOfficePage(reply, <ForgotPage site={await ctx.siteView()} mail={ctx.mailer.enabled} />));

  app.post('/admin/forgot-password', async (request, reply) => {
    refuseCrossSite(request, ctx.config.publicUrl);
    const site = await ctx.siteView();
    if (!ctx.mailer.enabled) return sendOfficePage(reply, <ForgotPage site={site} mail={false} />, 409);
    const form = requestForm.safeParse(request.body ?? {});
    if (!form.success) return sendOfficePage(reply, <ForgotPage site={site} mail errors={{ email: 'Enter the e-mail address you sign in with.' }} />, 422);
    const { email } = form.data;
    const work = mailResetLink(ctx, site, email, request.ip, request.log).catch((err: unknown) => request.log.error({ err }, 'could not handle a password reset request'));
    pending.add(work);
    void work.finally(() => pending.delete(work));
    return sendOfficePage(reply, <ForgotPage site={site} mail sentTo={email} />);
  });
}

/** The part of a reset request that depends on whether the address has an account; runs after the answer is sent. */
async function mailResetLink(ctx: AppContext, site: SiteView, email: string, ip: string, log: FastifyBaseLogger): Promise<void> {
  const link = await requestPasswordReset({ ...ctx, ip }, email);
  if (!link) return;
  await ctx.mailer
    .send({
      to: link.email,
      subject: `Your password for the ${site.name} editorial office`,
      text:
        `Someone (we hope you) asked to reset the password for ${link.email} at ${site.name}.\n\n` +
        `Choose a new password here:\n${ctx.config.publicUrl}${linkPath('reset', link.token)}\n\n` +
        `The link works once, until ${formatDateTime(link.expiresAt, site.locale.timeZone)}. If you did not ask, ignore this message: your password stays as it is.\n`,
    })
    .catch((err: unknown) => log.error({ err }, 'could not send a password reset e-mail'));
}

function ForgotPage(props: { site: SiteView; mail: boolean; errors?: FieldErrors; sentTo?: string }) {
  return (
    <OfficeDoor site={props.site} title="Forgotten password">
      <h1>Forgotten password</h1>
      {!props.mail ? (
        <p>Ask an administrator of the site for a password reset link. They can make one in the office, under People.</p>
      ) : props.sentTo !== undefined ? (
        <p role="status">
          If <strong>{props.sentTo}</strong> belongs to an account, a link to choose a new password is on its way. It works once, for a day.
        </p>
      ) : (
        <>
          <p>Enter the e-mail address you sign in with, and we will send you a link to choose a new password.</p>
          <ErrorSummary errors={props.errors ?? {}} labels={{ email: 'Email' }} />
          <form method="post" class="office-form">
            <Field name="email" label="Email" type="email" autocomplete="username" required maxLength={320} errors={props.errors} />
            <button type="submit" class="button button-primary">
              Send reset link
            </button>
          </form>
        </>
      )}
      <p class="door-help">
        <a href="/admin/login">Back to sign in</a>
      </p>
    </OfficeDoor>
  );
}
