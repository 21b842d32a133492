import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';
import { positiveId, requiredText } from '../http/schemas.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { sendOfficePage } from '../office/layout.tsx';
import { createApiToken, getApiTokenById, listAllApiTokens, listUsers, revokeApiTokenById } from './store.ts';
import { tokenPolicy } from './policies.ts';
import { TokensPage, type TokenFormValues } from './tokens-views.tsx';

/** The same label limit as the CLI's --label; the office asks for one so each token says what uses it. */
const tokenForm = z.object({
  user: positiveId,
  label: requiredText(200),
});

const notices = { revoked: 'The token is revoked: programs using it are refused from now on.' };
const refusal = 'Only administrators manage API tokens. Ask one for a token if a program of yours needs one.';

/** A field of a submitted form as typed, to show again; only text. */
const typed = (body: unknown, key: string) => {
  const value = (body as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
};

/**
 * API tokens in the office, the administrators' alone: at /admin/tokens they make a token for any person
 * (it acts with that person's rights), see everyone's and revoke any. A new token is shown once, on the
 * page that answers its creation.
 */
export async function tokenOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  /** People a token can be made for: active accounts only, since a disabled account's tokens are refused. */
  const activePeople = async () => (await listUsers(handle)).filter((u) => !u.disabledAt);

  async function render(
    reply: FastifyReply,
    request: FastifyRequest,
    options: { created?: { label: string; token: string; owner: string }; values?: TokenFormValues; errors?: FieldErrors; status?: number } = {},
  ) {
    const actor = officeActor(request);
    const [tokens, people] = await Promise.all([listAllApiTokens(handle), activePeople()]);
    const notice = options.status ? undefined : noticeFrom(request, notices);
    // A page that carries a new token keeps it out of Referer headers.
    if (options.created) reply.header('referrer-policy', 'no-referrer');
    const page = (
      <TokensPage
        site={await ctx.siteView()}
        actor={actor}
        tokens={tokens}
        people={people}
        created={options.created}
        values={options.values ?? { user: String(actor.userId) }}
        errors={options.errors}
        notice={notice}
      />
    );
    return sendOfficePage(reply, page, options.status ?? 200);
  }

  app.get('/admin/tokens', async (request, reply) => {
    allowOrRefuse(tokenPolicy.list(officeActor(request)), refusal);
    return render(reply, request);
  });

  app.post('/admin/tokens', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(tokenPolicy.create(actor), refusal);
    const values = { user: typed(request.body, 'user'), label: typed(request.body, 'label') };
    const form = tokenForm.safeParse(request.body ?? {});
    if (!form.success) return render(reply, request, { values, errors: fieldErrorsOf(form.error), status: 422 });
    const owner = (await activePeople()).find((u) => u.id === form.data.user);
    if (!owner) return render(reply, request, { values, errors: { user: 'is not one of the active people: choose one from the list' }, status: 422 });
    const token = await createApiToken(handle, owner.id, form.data.label);
    await ctx.audit(actor, { action: 'token.create', subject: { kind: 'token', label: form.data.label }, detail: `for ${owner.email}` }, request);
    return render(reply, request, { created: { label: form.data.label, token, owner: owner.name || owner.email }, status: 201 });
  });

  app.post('/admin/tokens/:id/revoke', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(tokenPolicy.revoke(actor), refusal);
    const id = positiveId.safeParse((request.params as { id?: unknown }).id);
    const token = id.success ? await getApiTokenById(handle, id.data) : undefined;
    if (!token) throw notFound('There is no such token; it may have been revoked already');
    await revokeApiTokenById(handle, token.id);
    await ctx.audit(actor, { action: 'token.revoke', subject: { kind: 'token', id: token.id, label: token.label }, detail: `of ${token.userEmail}` }, request);
    return redirectAfterPost(reply, '/admin/tokens', 'revoked');
  });
}
