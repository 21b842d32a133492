import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { positiveId } from '../http/schemas.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { getArticleById, type Article } from '../articles/store.ts';
import { registerEditorPreview } from '../articles/preview-page.tsx';
import { createPreviewLink, revokePreviewLink } from './commands.ts';
import { previewPermissions } from './policies.ts';
import { listActivePreviewLinks } from './store.ts';
import { SharePage, type SharePageProps } from './views.tsx';

const idParams = z.object({ id: positiveId });
const linkParams = z.object({ id: positiveId, link: positiveId });
const notices = { revoked: 'The link is withdrawn: it no longer shows the article.' };

/**
 * The office's side of previews: the editor's live preview (drawn by the articles capability) and the
 * "Share for comment" screen of an article, where its secret links are made, listed and withdrawn.
 */
export async function previewOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;
  registerEditorPreview(app, ctx);

  /** The article in the address, if this person may share it; anyone else is told it is not there or not theirs. */
  async function sharedArticle(actor: UserActor, params: unknown): Promise<Article> {
    const parsed = idParams.safeParse(params);
    const article = parsed.success ? await getArticleById(handle, parsed.data.id) : undefined;
    if (!article) throw notFound('There is no such article. It may have been deleted.');
    requirePermission(previewPermissions, actor, 'share', article);
    return article;
  }

  async function render(request: FastifyRequest, reply: FastifyReply, article: Article, extra: Partial<SharePageProps> = {}, status = 200) {
    const actor = officeActor(request);
    const [site, links] = await Promise.all([ctx.siteView(), listActivePreviewLinks(handle, article.id)]);
    return sendOfficePage(reply, <SharePage site={site} actor={actor} article={article} links={links} notice={noticeFrom(request, notices)} {...extra} />, status);
  }

  app.get('/admin/articles/:id/share', async (request, reply) => render(request, reply, await sharedArticle(officeActor(request), request.params)));

  app.post('/admin/articles/:id/share', async (request, reply) => {
    const actor = officeActor(request);
    const article = await sharedArticle(actor, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { days: typeof body.days === 'string' ? body.days : '', label: typeof body.label === 'string' ? body.label : '' };
    try {
      const { link, token } = await createPreviewLink(requestContext(ctx, request), actor, article, values);
      // Answered with the page itself, not a redirect: the token is shown this once and never put in an address the history keeps.
      const fresh = { url: `${ctx.config.publicUrl}/preview/${token}`, label: link.label, expiresAt: link.expiresAt };
      return await render(request, reply, article, { fresh }, 201);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem || (problem.status !== 422 && problem.status !== 409)) throw err;
      return render(request, reply, article, { errors: problem.errors, values }, problem.status);
    }
  });

  app.post('/admin/articles/:id/share/:link/revoke', async (request, reply) => {
    const actor = officeActor(request);
    const parsed = linkParams.safeParse(request.params);
    if (!parsed.success) throw notFound('There is no such link');
    const article = await sharedArticle(actor, { id: parsed.data.id });
    await revokePreviewLink(requestContext(ctx, request), actor, article, parsed.data.link);
    return redirectAfterPost(reply, `/admin/articles/${article.id}/share`, 'revoked');
  });
}
