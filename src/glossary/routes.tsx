import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { renderMarkdown } from '../views/markdown.ts';
import { listGlossaryTerms, type GlossaryTerm } from './store.ts';
import { termIdOfParams, termOfParams, type TermChanges, type TermInput } from './input.ts';
import { glossaryPermissions } from './policies.ts';
import { createTerm, deleteTerm, updateTerm } from './commands.ts';
import { termJson } from './present.ts';
import { GlossaryPage } from './views.tsx';

export async function glossaryRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  const signedIn = (request: FastifyRequest) => requireActor(request, ctx.resolveActor, ctx.config.publicUrl);

  /** Reading the terms with their history is for those who keep the glossary. */
  async function keeper(request: FastifyRequest): Promise<void> {
    requirePermission(glossaryPermissions, await signedIn(request), 'list');
  }

  async function termOf(request: FastifyRequest): Promise<GlossaryTerm> {
    const term = await termOfParams(handle, request.params);
    if (!term) throw notFound('There is no glossary term with this id');
    return term;
  }

  app.get('/glossary', async (request, reply) => {
    const terms = await listGlossaryTerms(handle);
    const views = terms.map((t) => ({ term: t.term, slug: t.slug, expansion: t.expansion, definitionHtml: t.definition ? renderMarkdown(t.definition) : '' }));
    return sendHtml(request, reply, renderDocument(<GlossaryPage site={await ctx.siteView()} terms={views} />));
  });

  app.get('/api/v1/public/glossary', async () => {
    const terms = await listGlossaryTerms(handle);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl)), next_cursor: null };
  });

  app.get('/api/v1/glossary', async (request) => {
    await keeper(request);
    const terms = await listGlossaryTerms(handle);
    return { items: terms.map((t) => termJson(t, ctx.config.publicUrl, true)), next_cursor: null };
  });

  app.post('/api/v1/glossary', async (request, reply) => {
    const term = await createTerm(requestContext(ctx, request), await signedIn(request), request.body as TermInput);
    return reply
      .status(201)
      .header('location', `/api/v1/glossary/${term.id}`)
      .send(termJson(term, ctx.config.publicUrl, true));
  });

  app.get('/api/v1/glossary/:id', async (request) => {
    await keeper(request);
    return termJson(await termOf(request), ctx.config.publicUrl, true);
  });

  app.patch('/api/v1/glossary/:id', async (request) => {
    const term = await updateTerm(requestContext(ctx, request), await signedIn(request), termIdOfParams(request.params), request.body as TermChanges);
    return termJson(term, ctx.config.publicUrl, true);
  });

  app.delete('/api/v1/glossary/:id', async (request, reply) => {
    await deleteTerm(requestContext(ctx, request), await signedIn(request), termIdOfParams(request.params));
    return reply.status(204).send();
  });
}
