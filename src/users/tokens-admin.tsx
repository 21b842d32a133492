import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { positiveId, requiredText } from '../http/schemas.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { listAllApiTokens, listUsers } from './store.ts';
import { tokenPermissions } from './policies.ts';
import { createToken, revokeToken } from './token-commands.ts';
import { TokensPage, type TokenFormValues } from './tokens-views.tsx';

/** The same label limit as the CLI's --label; the office asks for one so each token says what uses it. */
const tokenForm = z.object({
  user: positiveId,
  label: requiredText(200),
});

const notices = { revoked: 'The token is revoked: programs using it are refused from now on.' };

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
    requirePermission(tokenPermissions, officeActor(request), 'list');
    return render(reply, request);
  });

  app.post('/admin/tokens', async (request, reply) => {
    const actor = officeActor(request);
    const values = { user: typed(request.body, 'user'), label: typed(request.body, 'label') };
    const refuse = (errors: FieldErrors, status: number) => {
      // The page lists everyone's tokens: only to whoever may make one.
      requirePermission(tokenPermissions, actor, 'create');
      return render(reply, request, { values, errors, status });
    };
    const form = tokenForm.safeParse(request.body ?? {});
    if (!form.success) return refuse(fieldErrorsOf(form.error), 422);
    let made;
    try {
      made = await createToken(requestContext(ctx, request), actor, { userId: form.data.user, label: form.data.label });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return refuse(problem.errors, problem.status);
    }
    return render(reply, request, { created: { label: form.data.label, token: made.token, owner: made.owner.name || made.owner.email }, status: 201 });
  });

  app.post('/admin/tokens/:id/revoke', async (request, reply) => {
    const id = positiveId.safeParse((request.params as { id?: unknown }).id);
    if (!id.success) throw notFound('There is no such token; it may have been revoked already');
    await revokeToken(requestContext(ctx, request), officeActor(request), id.data);
    return redirectAfterPost(reply, '/admin/tokens', 'revoked');
  });
}
