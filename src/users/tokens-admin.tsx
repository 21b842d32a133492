import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { positiveId, requiredText } from '../http/schemas.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../admin/guard.ts';
import { fieldErrorsOf, type FieldErrors } from '../admin/forms.tsx';
import { sendOfficePage } from '../admin/layout.tsx';
import { createApiToken, getApiTokenById, listAllApiTokens, listApiTokens, revokeApiTokenById } from './store.ts';
import { tokenPolicy } from './policies.ts';
import { TokensPage } from './tokens-views.tsx';

/** The same limit as the CLI's --label; the office asks for one so each token says what uses it. */
const tokenForm = z.object({ label: requiredText(200) });

const notices = { revoked: 'The token is revoked: programs using it are refused from now on.' };

/**
 * API tokens in the office: everyone makes, sees and revokes their own at /admin/tokens; administrators
 * also see and revoke everyone's. A new token is shown once, on the page that answers its creation.
 */
export async function tokenOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  async function render(reply: FastifyReply, request: FastifyRequest, options: { created?: { label: string; token: string }; label?: string; errors?: FieldErrors; status?: number } = {}) {
    const actor = officeActor(request);
    const [own, everyone] = await Promise.all([listApiTokens(handle, actor.userId), tokenPolicy.listAll(actor) ? listAllApiTokens(handle) : undefined]);
    const notice = options.status ? undefined : noticeFrom(request, notices);
    // A page that carries a new token keeps it out of Referer headers.
    if (options.created) reply.header('referrer-policy', 'no-referrer');
    return sendOfficePage(
      reply,
      <TokensPage site={await ctx.siteView()} actor={actor} own={own} everyone={everyone} created={options.created} label={options.label} errors={options.errors} notice={notice} />,
      options.status ?? 200,
    );
  }

  app.get('/admin/tokens', async (request, reply) => render(reply, request));

  app.post('/admin/tokens', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(tokenPolicy.create(actor), 'You may not create API tokens');
    const form = tokenForm.safeParse(request.body ?? {});
    if (!form.success) {
      const label = (request.body as { label?: unknown } | undefined)?.label;
      return render(reply, request, { label: typeof label === 'string' ? label : '', errors: fieldErrorsOf(form.error), status: 422 });
    }
    const token = await createApiToken(handle, actor.userId, form.data.label);
    await ctx.audit(actor, { action: 'token.create', subject: { kind: 'token', label: form.data.label }, detail: `for ${actor.email}` }, request);
    return render(reply, request, { created: { label: form.data.label, token }, status: 201 });
  });

  app.post('/admin/tokens/:id/revoke', async (request, reply) => {
    const actor = officeActor(request);
    const id = positiveId.safeParse((request.params as { id?: unknown }).id);
    const token = id.success ? await getApiTokenById(handle, id.data) : undefined;
    if (!token) throw notFound('There is no such token; it may have been revoked already');
    allowOrRefuse(tokenPolicy.revoke(actor, token), 'You may revoke only your own tokens');
    await revokeApiTokenById(handle, token.id);
    await ctx.audit(actor, { action: 'token.revoke', subject: { kind: 'token', id: token.id, label: token.label }, detail: `of ${token.userEmail}` }, request);
    return redirectAfterPost(reply, '/admin/tokens', 'revoked');
  });
}
